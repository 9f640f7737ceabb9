/** What replaces a secret in logs and error messages. The prefix stays so a reader knows which kind of secret it was. */
// A key starts a word: after the start, a non-alphanumeric character, a URL-encoded byte
// (`Bearer%20sk-…` in a logged URL or header dump) or a JSON escape (`"a\nsk-…"` serialized).
const SECRET =
  /(?<=^|[^A-Za-z0-9]|%[0-9A-Fa-f]{2}|\\[nrtbf]|\\u[0-9A-Fa-f]{4})(sk-|ek_)[A-Za-z0-9_\-.]+/g;

// Field names whose whole value is a credential, whatever it looks like.
const SECRET_FIELDS =
  /^(authorization|api[_-]?key|client[_-]?secret|secret|token|password|bearer)$/i;

/** The text that replaces a redacted secret (the `sk-` / `ek_` prefix is kept). */
export const REDACTED = "[redacted]";

/** Replaces every API key (`sk-…`) and client secret (`ek_…`) in a string with `sk-[redacted]` / `ek_[redacted]`. */
export function redactString(text: string): string {
  // Fast path: most log text carries no secret at all.
  if (!text.includes("sk-") && !text.includes("ek_")) return text;
  return text.replace(SECRET, (_, prefix: string) => `${prefix}${REDACTED}`);
}

/**
 * Returns a copy of `value` with every API key (`sk-…`) and client secret (`ek_…`) redacted:
 * in strings, nested objects and arrays, error messages and stacks, and the whole value of
 * credential fields (`authorization`, `apiKey`, `client_secret`, ...). Cycles are cut as
 * `"[circular]"` (only real cycles: a value referenced twice is copied twice). Used on every log entry a session writes; use it on your own logs too.
 */
export function redact<T>(value: T): T;
export function redact(value: unknown): unknown {
  return redactValue(value, { path: new Set(), done: new Map() });
}

/** `path`: the objects being copied right now (a hit is a cycle); `done`: finished copies, reused. */
interface Walk {
  path: Set<object>;
  done: Map<object, unknown>;
}

function redactValue(value: unknown, walk: Walk): unknown {
  if (typeof value === "string") return redactString(value);
  if (typeof value !== "object" || value === null) return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
  if (walk.path.has(value)) return "[circular]";
  // A shared value is redacted once (a DAG of repeated references stays linear in cost).
  if (walk.done.has(value)) return walk.done.get(value);
  walk.path.add(value);
  let out: unknown;
  if (Array.isArray(value)) out = value.map((v) => redactValue(v, walk));
  else if (value instanceof Error) out = redactError(value, walk);
  else out = redactFields(value, {}, walk);
  walk.path.delete(value);
  walk.done.set(value, out);
  return out;
}

function redactFields(
  value: object,
  out: Record<string, unknown>,
  walk: Walk,
): Record<string, unknown> {
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_FIELDS.test(key) && v != null ? REDACTED : redactValue(v, walk);
  }
  return out;
}

// Errors are turned into plain objects: their message and stack can carry a key (a URL, a header).
function redactError(error: Error, walk: Walk): Record<string, unknown> {
  const out = redactFields(error, { name: error.name, message: redactString(error.message) }, walk);
  if (error.stack !== undefined) out.stack = redactString(error.stack);
  // An enumerable `cause` was copied above already; a non-enumerable one is copied here.
  if (error.cause !== undefined && !("cause" in out)) out.cause = redactValue(error.cause, walk);
  return out;
}
