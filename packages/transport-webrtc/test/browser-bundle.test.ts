import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src");
const pkg = JSON.parse(readFileSync(resolve(src, "../package.json"), "utf8")) as {
  imports: { "#platform": { browser: { "@echo/source": string }; "@echo/source": string } };
};

/** Every module the entry reaches, with `#platform` resolved for one runtime. */
function graph(entry: string, platform: string): { files: Set<string>; bare: Set<string> } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(
      /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+"([^"]+)"|import\("([^"]+)"\)/g,
    )) {
      const spec = m[1] ?? m[2] ?? "";
      if (/^import type|^export type/.test(m[0].trim())) continue;
      if (spec === "#platform") visit(resolve(src, "..", platform));
      else if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      else bare.add(spec);
    }
  };
  visit(resolve(src, entry));
  return { files, bare };
}

describe("runtime shims chosen by the #platform import condition", () => {
  it("the browser build reaches no Node code: no werift, Opus, node: modules or the Node media", () => {
    const { files, bare } = graph("index.ts", pkg.imports["#platform"].browser["@echo/source"]);
    expect([...bare].sort()).toEqual(["@echo/core"]);
    expect([...files].some((f) => f.includes("/node/"))).toBe(false);
    for (const f of files) expect(readFileSync(f, "utf8")).not.toMatch(/\bBuffer\.|process\.env/);
  });

  it("the Node build gets the werift/Opus media, loaded lazily (optional peers)", () => {
    const { files, bare } = graph("index.ts", pkg.imports["#platform"]["@echo/source"]);
    expect([...files].some((f) => f.endsWith("node/media.ts"))).toBe(true);
    expect(bare.has("werift")).toBe(false);
    expect([...bare].sort()).toEqual(["@echo/core", "@evan/opus", "opusscript"]);
  });
});
