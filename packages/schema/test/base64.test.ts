import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isBase64 } from "../src/client/primitives.js";

// The definition the fast check must keep: the strict alphabet, padded to a multiple of 4.
const reference = (s: string) => s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);

describe("isBase64", () => {
  it("accepts padded base64 and rejects everything else, edge by edge", () => {
    for (const ok of [
      "",
      "AAAA",
      "AA==",
      "AAA=",
      "+/+/",
      Buffer.from("hello!!").toString("base64"),
    ]) {
      expect(isBase64(ok), ok).toBe(true);
    }
    for (const bad of [
      "A",
      "AAA",
      "A===",
      "====",
      "AA=A",
      "=AAA",
      "AA AA   ",
      "AAAA    ",
      "AAA\n",
      "AA\tA",
      "AAA-",
      "AAA_",
      "AAAé",
      "AAA\u0000",
      "AAAA=",
      "AAAAA===",
      "AA==AAAA",
    ]) {
      expect(isBase64(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it("agrees with the strict regex on random strings near the alphabet", () => {
    const char = fc.constantFrom(..."AZaz09+/=  \t\n\r-_.é\u0000".split(""));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 24 }), (chars) => {
        const s = chars.join("");
        expect(isBase64(s)).toBe(reference(s));
      }),
      { seed: 11, numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(isBase64(Buffer.from(bytes).toString("base64"))).toBe(true);
      }),
      { seed: 12, numRuns: 2_000 },
    );
  });
});
