import type { JsonValue } from "./json.js";

/**
 * How deep client JSON may nest (objects and arrays). Deeper values are refused before anything
 * recursive (schema validation, `structuredClone`) touches them: about 2,000 levels overflow the
 * stack. Real schemas and metadata stay far below this.
 */
export const MAX_JSON_DEPTH = 128;

/** Where a value nests too deep: a `param`-style path to the first container past the limit. */
export interface TooDeep {
  /** The path in `param` style (`session.tools[0].parameters`), cut to its first segments. */
  param: string;
}

const SHOWN_SEGMENTS = 4;

function formatPath(segments: readonly (string | number)[]): string {
  let out = "";
  for (const s of segments.slice(0, SHOWN_SEGMENTS)) {
    out += typeof s === "number" ? `[${s}]` : out === "" ? s : `.${s}`;
  }
  return out;
}

/**
 * Finds the first place where a parsed JSON value nests deeper than `limit` levels, without
 * recursion (so the check itself cannot overflow). Returns `null` when the value is within it.
 */
export function findTooDeep(value: unknown, limit = MAX_JSON_DEPTH): TooDeep | null {
  const stack: { value: unknown; depth: number; path: (string | number)[] }[] = [
    { value, depth: 0, path: [] },
  ];
  for (;;) {
    const top = stack.pop();
    if (!top) return null;
    if (typeof top.value !== "object" || top.value === null) continue;
    const depth = top.depth + 1;
    if (depth > limit) return { param: formatPath(top.path) };
    // Paths past the shown segments are not needed: stop copying them.
    const extend = (key: string | number) =>
      top.path.length >= SHOWN_SEGMENTS ? top.path : [...top.path, key];
    if (Array.isArray(top.value)) {
      const arr = top.value as JsonValue[];
      for (let i = 0; i < arr.length; i++) stack.push({ value: arr[i], depth, path: extend(i) });
    } else {
      for (const [k, v] of Object.entries(top.value))
        stack.push({ value: v, depth, path: extend(k) });
    }
  }
}
