import { fileURLToPath } from "node:url";
import { defineProject, mergeConfig, type UserWorkspaceConfig } from "vitest/config";

/** Resolve sibling `@echo/*` packages to their TypeScript sources in tests (see the `@echo/source` export condition). */
const conditions = ["@echo/source", "node", "import", "module", "default"];

/** The vitest project every package uses: its name, `test/**\/*.test.ts`, source conditions, and a console guard. */
export function echoProject(name: string, overrides: UserWorkspaceConfig = {}) {
  return mergeConfig(
    defineProject({
      resolve: { conditions },
      ssr: { resolve: { conditions, externalConditions: ["@echo/source"] } },
      test: {
        name,
        include: ["test/**/*.test.ts"],
        setupFiles: [fileURLToPath(new URL("./vitest.setup.ts", import.meta.url))],
        benchmark: { include: ["bench/**/*.bench.ts"] },
      },
    }),
    overrides,
  );
}

/**
 * The vitest project of a package's real-device tests (`test/**\/*.device.test.ts`): one file at a
 * time (they share one PulseAudio sink), after the package's other tests, long timeouts, and one
 * retry, since real-time audio on a shared machine can glitch (an xrun, a stalled daemon); a test that fails twice still fails.
 * mergeConfig appends arrays, so `include` is set after merging.
 */
export function echoDeviceProject(name: string) {
  const project = echoProject(name, {
    test: {
      fileParallelism: false,
      testTimeout: 120_000,
      hookTimeout: 60_000,
      retry: 1,
      // After the package's other tests, not beside them (vitest runs projects in parallel by
      // default): real-time audio then has the machine to itself, and the audio hosts' real-time
      // start-up cannot starve a unit test's worker.
      sequence: { groupOrder: 1 },
    },
  });
  // Benchmarks run once, in the package's main project, not again here.
  project.test = {
    ...project.test,
    include: ["test/**/*.device.test.ts"],
    benchmark: { include: [] },
  };
  return project;
}
