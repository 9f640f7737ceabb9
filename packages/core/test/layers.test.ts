import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../src/", import.meta.url));

/**
 * The layers of `src/`, lowest first. A folder may import itself, `src/errors.ts` and the folders
 * it lists; anything else is a layering mistake (e.g. `events/` reaching up into `session/`).
 */
const allowed: Record<string, readonly string[]> = {
  shared: [],
  channel: ["shared"],
  pcm: ["shared"],
  events: ["shared"],
};

/** Every module specifier in a TS file (static imports/exports, `import type`, `import()`), as tsc reads them. */
function specifiers(code: string): string[] {
  return ts.preProcessFile(code, true, true).importedFiles.map((ref) => ref.fileName);
}

/** The top folder of `src/` a resolved file lives in (`"."` for files directly in `src/`). */
function layerOf(file: string): string {
  const rel = relative(src, file);
  const slash = rel.indexOf("/");
  return slash === -1 ? "." : rel.slice(0, slash);
}

/** Imports of `folder`'s files that leave the folder for a layer it may not use. */
function violations(folder: string): string[] {
  const ok = new Set([folder, ".", ...(allowed[folder] ?? [])]);
  const bad: string[] = [];
  for (const name of readdirSync(join(src, folder), { recursive: true, encoding: "utf8" })) {
    if (!name.endsWith(".ts")) continue;
    const file = join(src, folder, name);
    for (const spec of specifiers(readFileSync(file, "utf8"))) {
      if (!spec.startsWith(".")) {
        // `#pcm-base64` is pcm's own runtime shim; bare package imports are not allowed in core.
        if (spec !== "#pcm-base64") bad.push(`${folder}/${name} imports "${spec}"`);
        continue;
      }
      const target = resolve(join(src, folder, name, ".."), spec);
      if (!ok.has(layerOf(target))) bad.push(`${folder}/${name} imports "${spec}"`);
    }
  }
  return bad;
}

describe("core's layers", () => {
  for (const folder of Object.keys(allowed)) {
    it(`${folder}/ imports only ${["itself", "errors.ts", ...(allowed[folder] ?? [])].join(", ")}`, () => {
      expect(violations(folder)).toEqual([]);
    });
  }

  it("finds every kind of import (so the check above can fail)", () => {
    const code = [
      'import type { A } from "../session/index.js";',
      'export { B } from "../stream/index.js";',
      'const c = await import("../session/session.js");',
      'import "../stream/side-effect.js";',
    ].join("\n");
    expect(specifiers(code)).toEqual([
      "../session/index.js",
      "../stream/index.js",
      "../session/session.js",
      "../stream/side-effect.js",
    ]);
    expect(layerOf(resolve(src, "events", "../session/index.js"))).toBe("session");
  });
});
