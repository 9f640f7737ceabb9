import { defineConfig } from "vitest/config";
import { echoProject } from "../../vitest.shared.js";

/** mergeConfig appends arrays, so the device project's `include` is set after merging. */
function deviceProject() {
  const project = echoProject("demo-device", {
    // Real-time audio on a shared machine can glitch (an xrun, a stalled daemon): one retry, and a
    // test that fails twice fails CI. Every failure is still reported in the output.
    test: { fileParallelism: false, testTimeout: 120_000, hookTimeout: 60_000, retry: 1 },
  });
  project.test = { ...project.test, include: ["test/**/*.device.test.ts"] };
  return project;
}

// Two projects: everything without an audio device, and device tests (*.device.test.ts: the
// built CLI on real PortAudio devices through PulseAudio, one file at a time).
export default defineConfig({
  test: {
    projects: [
      echoProject("demo", { test: { exclude: ["test/**/*.device.test.ts"] } }),
      deviceProject(),
    ],
  },
});
