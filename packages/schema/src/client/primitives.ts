import * as z from "zod/mini";

/** Marks range checks on integers, so issues can carry the server's `integer_*` codes. */
export const INTEGER_RANGE = "integer_range";

/** The largest base64 `audio` the server takes in one `input_audio_buffer.append`: 15 MiB. */
export const MAX_AUDIO_BASE64_LENGTH = 15 * 1024 * 1024;

/** The longest `event_id` the server takes. */
export const MAX_EVENT_ID_LENGTH = 512;

/** An integer in `[min, max]` (either bound optional). */
export function integer(min?: number, max?: number) {
  const checks = [];
  if (min !== undefined) checks.push(z.gte(min, { error: INTEGER_RANGE }));
  if (max !== undefined) checks.push(z.lte(max, { error: INTEGER_RANGE }));
  return checks.length > 0 ? z.int().check(...checks) : z.int();
}

/** A number in `[min, max]`. */
export function decimal(min: number, max: number) {
  return z.number().check(z.gte(min), z.lte(max));
}

/**
 * Whether `s` is standard padded base64 (length a multiple of 4, `=` only as 1-2 final chars).
 *
 * This runs on every audio append, so it is a decode, not a regex: `atob` (native in Node and
 * browsers, SIMD in V8) rejects any character outside the alphabet and any misplaced `=`, and is
 * about 60x faster than a per-character regex on fresh audio. `atob` also skips ASCII whitespace;
 * the length check catches that, because skipped characters make the decoded text shorter than
 * `3 * length / 4 - padding`.
 */
export function isBase64(s: string): boolean {
  const n = s.length;
  if (n % 4 !== 0) return false;
  if (n === 0) return true;
  const padding = s.charCodeAt(n - 1) !== 61 ? 0 : s.charCodeAt(n - 2) !== 61 ? 1 : 2;
  let decoded: string;
  try {
    decoded = atob(s);
  } catch {
    return false;
  }
  return decoded.length === (n / 4) * 3 - padding;
}

/** Base64 audio of at most 15 MiB (the length is checked first, so huge input fails fast). */
export const base64Audio = z
  .string()
  .check(
    z.maxLength(MAX_AUDIO_BASE64_LENGTH, { abort: true }),
    z.refine(isBase64, { params: { code: "invalid_base64" } }),
  );

/** The optional `event_id` of every client event. */
export const eventId = z.optional(z.string().check(z.maxLength(MAX_EVENT_ID_LENGTH)));

/** A non-empty string (ids, names). */
export const nonEmpty = z.string().check(z.minLength(1));

/** A function name as OpenAI APIs require: letters, digits, `_` and `-`, 1 to 64 characters. */
export const functionName = z.string().check(z.regex(/^[a-zA-Z0-9_-]{1,64}$/));
