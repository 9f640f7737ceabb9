import { HOST_IS_LITTLE_ENDIAN, littleEndianBytes, samplesFromLittleEndian } from "./endian.js";
import { oddByteCount, PcmFormatError } from "./errors.js";

// Browser shim: a table-driven codec. It writes ASCII bytes and decodes them in one native call,
// avoiding the per-character string building that makes the usual btoa loop slow.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const ENCODE = new Uint8Array(64);
const DECODE = new Uint8Array(256).fill(255);
for (let i = 0; i < 64; i++) {
  const code = ALPHABET.charCodeAt(i);
  ENCODE[i] = code;
  DECODE[code] = i;
}
// Two output characters per 12 input bits, stored as one 16-bit word in host byte order, so the
// hot loop does two lookups and two 16-bit stores per 3 input bytes.
const ENCODE_PAIR = new Uint16Array(4096);
for (let i = 0; i < 4096; i++) {
  const hi = ENCODE[i >> 6] as number;
  const lo = ENCODE[i & 63] as number;
  ENCODE_PAIR[i] = HOST_IS_LITTLE_ENDIAN ? hi | (lo << 8) : (hi << 8) | lo;
}
const PAD = 61; // "="
const ascii = new TextDecoder();

/** Encodes PCM16 samples as base64 of their little-endian bytes. */
export function encodePcm16(samples: Int16Array): string {
  return encodeBytes(littleEndianBytes(samples));
}

/** Encodes bytes as standard base64 (with padding). */
export function encodeBytes(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  const pairs = new Uint16Array(out.buffer);
  const whole = n - (n % 3);
  let p = 0;
  for (let i = 0; i < whole; i += 3) {
    const v =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    pairs[p] = ENCODE_PAIR[v >> 12] as number;
    pairs[p + 1] = ENCODE_PAIR[v & 4095] as number;
    p += 2;
  }
  const j = p * 2;
  const rest = n - whole;
  if (rest === 1) {
    const v = (bytes[whole] as number) << 16;
    out[j] = ENCODE[v >> 18] as number;
    out[j + 1] = ENCODE[(v >> 12) & 63] as number;
    out[j + 2] = PAD;
    out[j + 3] = PAD;
  } else if (rest === 2) {
    const v = ((bytes[whole] as number) << 16) | ((bytes[whole + 1] as number) << 8);
    out[j] = ENCODE[v >> 18] as number;
    out[j + 1] = ENCODE[(v >> 12) & 63] as number;
    out[j + 2] = ENCODE[(v >> 6) & 63] as number;
    out[j + 3] = PAD;
  }
  return ascii.decode(out);
}

/** Decodes base64 of little-endian PCM16 bytes into a fresh Int16Array. */
export function decodePcm16(base64: string): Int16Array {
  const bytes = decodeBytes(base64);
  if (bytes.length % 2 !== 0) throw oddByteCount(bytes.length);
  return samplesFromLittleEndian(bytes);
}

/** Decodes standard base64 (padding optional). Throws {@link PcmFormatError} on any other character. */
export function decodeBytes(base64: string): Uint8Array {
  // One native call turns the text into bytes; any non-ASCII character becomes bytes >= 0x80,
  // which the table marks invalid, so the loop below never sees a code point above 255.
  const text = asciiBytes(base64);
  let len = text.length;
  if (len > 0 && text[len - 1] === PAD) len--;
  if (len > 0 && text[len - 1] === PAD) len--;
  if (len % 4 === 1) throw invalid(base64);
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  const whole = len - (len % 4);
  let j = 0;
  let bad = 0;
  for (let i = 0; i < whole; i += 4) {
    const a = DECODE[text[i] as number] as number;
    const b = DECODE[text[i + 1] as number] as number;
    const c = DECODE[text[i + 2] as number] as number;
    const d = DECODE[text[i + 3] as number] as number;
    // 255 marks an invalid character; OR-ing keeps the check out of the hot loop's branches.
    bad |= a | b | c | d;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[j] = v >> 16;
    out[j + 1] = v >> 8;
    out[j + 2] = v;
    j += 3;
  }
  const rest = len - whole;
  if (rest >= 2) {
    const a = DECODE[text[whole] as number] as number;
    const b = DECODE[text[whole + 1] as number] as number;
    const c = rest === 3 ? (DECODE[text[whole + 2] as number] as number) : 0;
    bad |= a | b | c;
    const v = (a << 18) | (b << 12) | (c << 6);
    out[j] = v >> 16;
    if (rest === 3) out[j + 1] = v >> 8;
  }
  if (bad > 63) throw invalid(base64);
  return out;
}

const utf8 = new TextEncoder();
let scratch = new Uint8Array(4096);

// Reuses one scratch buffer: decoding allocates only its output.
function asciiBytes(text: string): Uint8Array {
  // UTF-8 needs at most 3 bytes per UTF-16 unit.
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  const { written } = utf8.encodeInto(text, scratch);
  return scratch.subarray(0, written);
}

function invalid(base64: string): PcmFormatError {
  const preview = base64.length > 16 ? `${base64.slice(0, 16)}…` : base64;
  return new PcmFormatError(
    `"${preview}" (${base64.length} characters) is not valid base64. Audio must be standard base64 (A-Z a-z 0-9 + /, "=" padding) of PCM16 little-endian bytes.`,
  );
}
