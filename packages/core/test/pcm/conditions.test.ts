import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const pkgUrl = new URL("../../package.json", import.meta.url);
const pkg = JSON.parse(readFileSync(pkgUrl, "utf8")) as {
  imports: Record<string, Record<string, string | Record<string, string>>>;
};

describe("the PCM codec shims chosen by package.json conditions", () => {
  it("maps Node to the Buffer codec and everything else (browsers) to the table codec", () => {
    const entry = pkg.imports["#pcm-base64"];
    expect(entry).toEqual({
      "@echo/source": {
        node: "./src/pcm/base64.node.ts",
        default: "./src/pcm/base64.browser.ts",
      },
      node: "./dist/pcm/base64.node.js",
      default: "./dist/pcm/base64.browser.js",
    });
    for (const file of ["./src/pcm/base64.node.ts", "./src/pcm/base64.browser.ts"]) {
      expect(existsSync(new URL(`../../${file}`, import.meta.url))).toBe(true);
    }
  });

  it("both shims export the same functions", async () => {
    const node = await import("../../src/pcm/base64.node.js");
    const browser = await import("../../src/pcm/base64.browser.js");
    for (const name of ["encodePcm16", "decodePcm16"]) {
      expect(typeof (node as Record<string, unknown>)[name]).toBe("function");
      expect(typeof (browser as Record<string, unknown>)[name]).toBe("function");
    }
  });
});
