import { InvalidCloseError } from "./errors.js";

/** Longest close reason a close frame can carry (RFC 6455 §5.5: 125 bytes minus the code). */
const MAX_CLOSE_REASON_BYTES = 123;

/**
 * Why `close(code, reason)` cannot be sent, or `undefined` when it can: the codes both `ws` and
 * browsers accept from a client (1000, 3000-4999) and a reason of at most 123 bytes of UTF-8.
 */
export function invalidClose(code: number, reason: string): InvalidCloseError | undefined {
  if (!Number.isInteger(code) || (code !== 1000 && (code < 3000 || code > 4999))) {
    return new InvalidCloseError(
      `Invalid close code ${String(code)}: use 1000 (normal) or a code from 3000 to 4999. Codes like 1005 and 1006 are reserved for reporting and cannot be sent.`,
    );
  }
  if (typeof reason !== "string" || utf8Length(reason) > MAX_CLOSE_REASON_BYTES) {
    return new InvalidCloseError(
      `The close reason must be a string of at most ${MAX_CLOSE_REASON_BYTES} bytes of UTF-8 (a close frame cannot carry more); shorten it.`,
    );
  }
  return undefined;
}

function utf8Length(text: string): number {
  // Every UTF-16 unit is at most 3 bytes of UTF-8: short reasons need no encoding.
  if (text.length * 3 <= MAX_CLOSE_REASON_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}
