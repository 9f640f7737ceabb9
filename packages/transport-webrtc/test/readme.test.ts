import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");

describe("README", () => {
  it("shows examples/node-call.ts verbatim, and the example talks and listens over a real call", async () => {
    const example = read("../examples/node-call.ts");
    expect(read("../README.md")).toContain(example);
    const { main } = await import("../examples/node-call.js");
    const { transcript, heardMs } = await main();
    expect(transcript).toMatch(/s of audio/);
    expect(heardMs).toBeGreaterThan(900);
  }, 20_000);
});
