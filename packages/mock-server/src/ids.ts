import { randomFillSync } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ID_LENGTH = 21;

/** The id prefixes the real service uses. */
export type IdPrefix = "event" | "sess" | "conv" | "resp" | "item" | "call" | "ek";

// Random bytes are drawn 4 KiB at a time: one syscall per ~150 ids instead of one per id
// (every server event gets an id, so this is on the hot path).
const pool = Buffer.allocUnsafe(4096);
let at = pool.length;

function randomByte(): number {
  if (at === pool.length) {
    randomFillSync(pool);
    at = 0;
  }
  return pool[at++] ?? 0;
}

/** Makes an id shaped like the real service's: `prefix_` plus 21 base62 characters. */
export function makeId(prefix: IdPrefix): string {
  let out = `${prefix}_`;
  for (let n = 0; n < ID_LENGTH; ) {
    // Rejection sampling keeps the alphabet uniform: 62 of 64 six-bit values are used.
    const v = randomByte() & 63;
    if (v < 62) {
      out += BASE62[v];
      n++;
    }
  }
  return out;
}

/** A random string like the `obfuscation` field real delta events carry. */
export function obfuscation(): string {
  let out = "";
  for (let n = 0; n < 8; n++) out += BASE62[randomByte() % 62];
  return out;
}
