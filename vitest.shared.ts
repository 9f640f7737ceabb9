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
