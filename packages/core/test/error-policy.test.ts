import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../src/", import.meta.url));

// A bare built-in error thrown or rejected with (not one passed as a `cause`).
const BARE = /(?:throw|reject\()\s*new (?:Range|Type|Syntax)?Error\(/g;

/** `file: line` of every bare built-in error thrown or rejected in `code`. */
function bareErrors(file: string, code: string): string[] {
  return [...code.matchAll(BARE)].map(
    (m) => `${file}:${code.slice(0, m.index).split("\n").length}`,
  );
}

describe("core's error policy", () => {
  it("throws only EchoErrors (usage or fault), never a bare RangeError/TypeError/Error", () => {
    const found: string[] = [];
    for (const name of readdirSync(src, { recursive: true, encoding: "utf8" })) {
      // testing/ helpers fail tests with plain assertion errors, as test helpers do.
      if (!name.endsWith(".ts") || name.startsWith("testing")) continue;
      found.push(...bareErrors(name, readFileSync(join(src, name), "utf8")));
    }
    expect(found).toEqual([]);
  });

  it("sees a bare error where there is one (so the check above can fail)", () => {
    const code = 'if (x) throw new RangeError("no");\nreturn Promise.reject(new TypeError("no"));';
    expect(bareErrors("f.ts", code)).toEqual(["f.ts:1", "f.ts:2"]);
    expect(
      bareErrors("f.ts", 'throw new UnserializableEventError(t, new TypeError("x"));'),
    ).toEqual([]);
  });
});
