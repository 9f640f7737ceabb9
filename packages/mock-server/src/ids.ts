import { randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ID_LENGTH = 21;

/** The id prefixes the real service uses. */
export type IdPrefix = "event" | "sess" | "conv" | "resp" | "item" | "call" | "ek";

/** Makes an id shaped like the real service's: `prefix_` plus 21 base62 characters. */
export function makeId(prefix: IdPrefix): string {
  let out = `${prefix}_`;
  while (out.length < prefix.length + 1 + ID_LENGTH) {
    // Rejection sampling keeps the alphabet uniform: 62 of 64 six-bit values are used.
    for (const byte of randomBytes(32)) {
      const v = byte & 63;
      if (v < 62) out += BASE62[v];
      if (out.length === prefix.length + 1 + ID_LENGTH) break;
    }
  }
  return out;
}

/** A random string like the `obfuscation` field real delta events carry. */
export function obfuscation(): string {
  return randomBytes(6).toString("base64url").slice(0, 8);
}
