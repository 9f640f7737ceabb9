import { defineConfig } from "vitest/config";
import { echoProject } from "../../vitest.shared.js";

/** mergeConfig appends arrays, so the device project's `include` is set after merging. */
function deviceProject() {
  const project = echoProject("audio-node-device", {
    // Real-time audio on a shared machine can glitch (an xrun, a stalled daemon): one retry, and a
    // test that fails twice fails CI. Every failure is still reported in the output.
    test: { fileParallelism: false, testTimeout: 120_000, hookTimeout: 60_000, retry: 1 },
  });
  project.test = { ...project.test, include: ["test/**/*.device.test.ts"] };
  return project;
}

// Two projects: unit tests (fake backend, no device) and device tests (*.device.test.ts, real
// PortAudio through PulseAudio; one file at a time, since they share the one sink).
export default defineConfig({
  test: {
    projects: [
      echoProject("audio-node", { test: { exclude: ["test/**/*.device.test.ts"] } }),
      deviceProject(),
    ],
  },
});
