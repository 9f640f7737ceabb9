import { defineConfig } from "vitest/config";
import { echoDeviceProject, echoProject } from "../../vitest.shared.js";

// Two projects: unit tests (fake backend, no device) and device tests (*.device.test.ts, real
// PortAudio through PulseAudio).
export default defineConfig({
  test: {
    projects: [
      echoProject("audio-node", { test: { exclude: ["test/**/*.device.test.ts"] } }),
      echoDeviceProject("audio-node-device"),
    ],
  },
});
