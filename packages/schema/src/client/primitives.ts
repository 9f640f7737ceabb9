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

const base64Chars = /^[A-Za-z0-9+/]*={0,2}$/;

/** Whether `s` is standard padded base64 (length a multiple of 4). */
export function isBase64(s: string): boolean {
  return s.length % 4 === 0 && base64Chars.test(s);
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
