import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");

describe("README", () => {
  it("shows examples/text-turn.ts verbatim, and the example answers over a real socket", async () => {
    const example = read("../examples/text-turn.ts");
    expect(read("../README.md")).toContain(example);
    const { main } = await import("../examples/text-turn.js");
    expect(await main()).toContain("Hello!");
  });
});
