import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main } from "../examples/cancel-echo.js";

describe("README", () => {
  it("contains the example verbatim", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const example = readFileSync(new URL("../examples/cancel-echo.ts", import.meta.url), "utf8");
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
  });

  it("runs the example: the echo is found and removed", () => {
    const r = main();
    expect(r.removedDb).toBeGreaterThan(30);
    expect(r.delayMs).not.toBeNull();
    expect(Math.abs((r.delayMs ?? 0) - 80)).toBeLessThan(30);
  });
});
