import { defineConfig } from "vitest/config";
import { echoProject } from "../../vitest.shared.js";

// Two projects: unit tests (fake backend, no device) and device tests (*.device.test.ts, real
// PortAudio through PulseAudio; one file at a time, since they share the one sink).
export default defineConfig({
  test: {
    projects: [
      echoProject("audio-node", { test: { exclude: ["test/**/*.device.test.ts"] } }),
      echoProject("audio-node-device", {
        test: {
          include: ["test/**/*.device.test.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      }),
    ],
  },
});
