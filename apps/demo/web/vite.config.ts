import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * The browser page: `page/` built into `dist/web/page`, which `web/server` serves. Sibling
 * packages are bundled from their TypeScript sources (`@echo/source`) with their browser shims.
 */
export default defineConfig({
  root: fileURLToPath(new URL("./page", import.meta.url)),
  base: "./",
  resolve: { conditions: ["@echo/source", "browser", "module", "import", "default"] },
  build: {
    outDir: fileURLToPath(new URL("../dist/web/page", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
  },
});
