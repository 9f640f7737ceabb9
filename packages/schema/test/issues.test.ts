import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { toParam, toValidationIssues } from "../src/issues.js";

describe("issue conversion fallbacks", () => {
  it("names paths the way the server does", () => {
    expect(toParam(["session", "tools", 0, "name"])).toBe("session.tools[0].name");
    expect(toParam([])).toBe("");
  });

  it("maps array limits, map elements, custom checks and unknown codes", () => {
    const array = z.array(z.string()).check(z.maxLength(1));
    const map = z.map(z.string(), z.int());
    const custom = z.string().check(z.refine(() => false, { error: "be different" }));
    const input = { a: ["x", "y"], m: new Map([["k", 1.5]]), c: "x" };
    const schema = z.object({ a: array, m: map, c: custom });
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    const issues = result.success ? [] : toValidationIssues(result.error.issues, input);
    expect(issues.map((i) => [i.param, i.code])).toEqual([
      ["a", "array_above_max_length"],
      ["m.k", "invalid_type"],
      ["c", "invalid_value"],
    ]);
    expect(
      toValidationIssues(
        [{ code: "not_multiple_of", divisor: 2, input: 3, path: ["n"], message: "odd" }],
        { n: 3 },
      ),
    ).toEqual([{ path: ["n"], param: "n", code: "invalid_value", message: "n odd" }]);
  });
});
