import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main } from "../examples/readme.js";

const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
const example = readFileSync(new URL("../examples/readme.ts", import.meta.url), "utf8");

describe("the root README's example", () => {
  it("is in the README as written", () => {
    expect(readme).toContain(example.trim());
  });

  it("runs a spoken turn offline, and validation stops a bad event before it is sent", async () => {
    const { transcript, audioMs, rejected } = await main();
    expect(transcript).toBe("Hello!");
    expect(audioMs).toBeGreaterThan(100);
    expect(rejected).toMatch(/speed/);
    expect(rejected).toMatch(/1\.5/);
  });
});
