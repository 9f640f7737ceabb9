import type { AudioFormat } from "../session-config.js";
import { alawToLinear, linearToAlaw, linearToUlaw, ulawToLinear } from "./g711.js";

/** Samples per second of the service's PCM format. */
export const PCM_RATE = 24000;

// PCM16 on the wire is little-endian; on a little-endian host (every platform Node ships for
// today but a few) samples are copied as whole blocks, not one at a time.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reads little-endian PCM16 bytes as samples (copies, so the result is aligned). */
export function bytesToPcm16(bytes: Uint8Array): Int16Array {
  const n = bytes.length >> 1;
  const out = new Int16Array(n);
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes.subarray(0, n * 2));
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, n * 2);
  for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/** Writes samples as little-endian PCM16 bytes (a copy). */
export function pcm16ToBytes(samples: Int16Array): Buffer {
  if (LITTLE_ENDIAN) {
    return Buffer.from(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
  }
  const out = Buffer.allocUnsafe(samples.length * 2);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i] ?? 0, i * 2);
  return out;
}

/** Samples as little-endian PCM16 bytes: a view of the same memory where that is possible (no copy). */
export function pcm16View(samples: Int16Array): Buffer {
  return LITTLE_ENDIAN
    ? Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)
    : pcm16ToBytes(samples);
}

/** Decodes wire bytes of a format to PCM16 at 24 kHz (G.711 is upsampled by repetition). */
export function decodeToPcm24k(bytes: Uint8Array, format: AudioFormat): Int16Array {
  if (format.type === "audio/pcm") return bytesToPcm16(bytes);
  const decode = format.type === "audio/pcmu" ? ulawToLinear : alawToLinear;
  const out = new Int16Array(bytes.length * 3);
  for (let i = 0; i < bytes.length; i++) {
    const s = decode(bytes[i] ?? 0);
    out[i * 3] = s;
    out[i * 3 + 1] = s;
    out[i * 3 + 2] = s;
  }
  return out;
}

/** Encodes PCM16 24 kHz samples to the wire bytes of a format (G.711 is decimated by 3). */
export function encodeFromPcm24k(samples: Int16Array, format: AudioFormat): Buffer {
  if (format.type === "audio/pcm") return pcm16ToBytes(samples);
  const encode = format.type === "audio/pcmu" ? linearToUlaw : linearToAlaw;
  const n = Math.floor(samples.length / 3);
  const out = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) {
    const a = samples[i * 3] ?? 0;
    const b = samples[i * 3 + 1] ?? 0;
    const c = samples[i * 3 + 2] ?? 0;
    out[i] = encode(Math.round((a + b + c) / 3));
  }
  return out;
}

/**
 * Decodes wire bytes to samples at the format's own rate (what the voice activity detector
 * reads). PCM comes back as a read-only view of `bytes` when they are aligned (no copy per append).
 */
export function decodeNative(
  bytes: Uint8Array,
  format: AudioFormat,
): { samples: Int16Array; rate: number } {
  if (format.type === "audio/pcm") {
    const aligned = LITTLE_ENDIAN && bytes.byteOffset % 2 === 0;
    const samples = aligned
      ? new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1)
      : bytesToPcm16(bytes);
    return { samples, rate: PCM_RATE };
  }
  const decode = format.type === "audio/pcmu" ? ulawToLinear : alawToLinear;
  const samples = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) samples[i] = decode(bytes[i] ?? 0);
  return { samples, rate: 8000 };
}
