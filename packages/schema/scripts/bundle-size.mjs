// Measures what an app pays for one import of @echo/schema: bundles an entry that imports only
// the named exports from the built package (dist), minifies, gzips. Run after `pnpm build`.
// Usage: node scripts/bundle-size.mjs [export ...]   (default: validate)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const require = createRequire(import.meta.url);
// rolldown ships with vite 8 (a dependency of vitest); resolve it from there.
const vitePkg = require.resolve("vite/package.json", { paths: [require.resolve("vitest")] });
const rolldownPath = createRequire(vitePkg).resolve("rolldown");
const { rolldown } = await import(pathToFileURL(rolldownPath).href);

const names = process.argv.slice(2);
const exportsWanted = names.length > 0 ? names : ["validate"];
const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "schema-size-"));
const entry = join(dir, "entry.js");
writeFileSync(entry, `export { ${exportsWanted.join(", ")} } from ${JSON.stringify(dist)};\n`);
try {
  const bundle = await rolldown({ input: entry, treeshake: true, logLevel: "silent" });
  const { output } = await bundle.generate({ format: "esm", minify: true });
  const code = output[0].code;
  const gz = gzipSync(code, { level: 9 }).length;
  process.stdout.write(
    `${exportsWanted.join(", ")}: ${(code.length / 1024).toFixed(1)} KiB minified, ${(gz / 1024).toFixed(1)} KiB minified+gzipped\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
