/** What replaces a secret in logs and error messages. The prefix stays so a reader knows which kind of secret it was. */
const SECRET = /(?<![A-Za-z0-9])(sk-|ek_)[A-Za-z0-9_\-.]+/g;

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
 * `"[circular]"`. Used on every log entry a session writes; use it on your own logs too.
 */
export function redact<T>(value: T): T;
export function redact(value: unknown): unknown {
  return redactValue(value, new WeakSet());
}

function redactValue(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactString(value);
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, seen));
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
  if (value instanceof Error) return redactError(value, seen);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_FIELDS.test(key) && v != null ? REDACTED : redactValue(v, seen);
  }
  return out;
}

// Errors are turned into plain objects: their message and stack can carry a key (a URL, a header).
function redactError(error: Error, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: error.name,
    message: redactString(error.message),
  };
  for (const [key, v] of Object.entries(error)) {
    out[key] = SECRET_FIELDS.test(key) && v != null ? REDACTED : redactValue(v, seen);
  }
  if (error.stack !== undefined) out.stack = redactString(error.stack);
  if (error.cause !== undefined) out.cause = redactValue(error.cause, seen);
  return out;
}
