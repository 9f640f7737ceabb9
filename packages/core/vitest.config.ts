import { defineConfig, mergeConfig } from "vitest/config";
import { echoProject } from "../../vitest.shared.js";

// Coverage is a run-level option (not a project one), so it is merged in beside the project.
export default mergeConfig(
  echoProject("core"),
  defineConfig({
    test: { coverage: { provider: "v8", include: ["src/**"], thresholds: { lines: 90 } } },
  }),
);
