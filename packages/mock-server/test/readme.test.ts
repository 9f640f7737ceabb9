import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main } from "../examples/quickstart.js";

describe("README", () => {
  it("shows examples/quickstart.ts verbatim", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const example = readFileSync(new URL("../examples/quickstart.ts", import.meta.url), "utf8");
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
  });

  it("the example has a text turn with the mock", async () => {
    expect(await main()).toBe("Hello! This is the mock speaking.");
  });
});
