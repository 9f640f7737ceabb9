import { littleEndianBytes, samplesFromLittleEndian } from "./endian.js";
import { oddByteCount } from "./errors.js";

// Node shim: Buffer's native base64 codec is the fastest there is in Node.

/** Encodes PCM16 samples as base64 of their little-endian bytes. */
export function encodePcm16(samples: Int16Array): string {
  const bytes = littleEndianBytes(samples);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** Decodes base64 of little-endian PCM16 bytes into a fresh Int16Array. */
export function decodePcm16(base64: string): Int16Array {
  const buf = Buffer.from(base64, "base64");
  if (buf.length % 2 !== 0) throw oddByteCount(buf.length);
  // Copy out: small Buffers live in Node's shared pool, which must not leak to the caller.
  const bytes = new Uint8Array(buf.length);
  bytes.set(buf);
  return samplesFromLittleEndian(bytes);
}
