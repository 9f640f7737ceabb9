import { fileURLToPath } from "node:url";
import { defineConfig, mergeConfig } from "vitest/config";
import { echoDeviceProject, echoProject } from "../../vitest.shared.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Two projects: unit tests (fake backend, no device) and device tests (*.device.test.ts, real
// PortAudio through PulseAudio, on a null sink of the run's own: test/device-sink.global.ts).
export default defineConfig({
  test: {
    projects: [
      echoProject("audio-node", { test: { exclude: ["test/**/*.device.test.ts"] } }),
      mergeConfig(echoDeviceProject("audio-node-device"), {
        test: {
          globalSetup: [here("./test/device-sink.global.ts")],
          setupFiles: [here("./test/device-sink.setup.ts")],
        },
      }),
    ],
  },
});
