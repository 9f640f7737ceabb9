import { defineConfig } from "vitest/config";
import { echoProject } from "../../vitest.shared.js";

// Two projects: everything without an audio device, and device tests (*.device.test.ts: the
// built CLI on real PortAudio devices through PulseAudio, one file at a time).
export default defineConfig({
  test: {
    projects: [
      echoProject("demo", { test: { exclude: ["test/**/*.device.test.ts"] } }),
      echoProject("demo-device", {
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
