import { defineConfig } from "vitest/config";
import { echoDeviceProject, echoProject } from "../../vitest.shared.js";

// Two projects: everything without an audio device, and device tests (*.device.test.ts: the
// built CLI on real PortAudio devices through PulseAudio).
export default defineConfig({
  test: {
    projects: [
      echoProject("demo", { test: { exclude: ["test/**/*.device.test.ts"] } }),
      echoDeviceProject("demo-device"),
    ],
  },
});
