/** Sample rate of `audio/pcm` on the Realtime wire: 24 kHz. */
export const PCM16_SAMPLE_RATE = 24_000;

/** Bytes of `audio/pcm` (PCM16, 24 kHz, mono) per millisecond: 48. */
export const PCM16_BYTES_PER_MS = 48;

/** Bytes of G.711 (`audio/pcmu`, `audio/pcma`; 8 kHz, 1 byte per sample) per millisecond: 8. */
export const G711_BYTES_PER_MS = 8;

/** A Realtime audio format. */
export type WireAudioFormat = "audio/pcm" | "audio/pcmu" | "audio/pcma";

/** Milliseconds of audio in `bytes` of the given format (fractional; `floor` it for `audio_end_ms`). */
export function bytesToMs(bytes: number, format: WireAudioFormat = "audio/pcm"): number {
  return bytes / (format === "audio/pcm" ? PCM16_BYTES_PER_MS : G711_BYTES_PER_MS);
}

/** Bytes of the given format that make `ms` milliseconds of audio. */
export function msToBytes(ms: number, format: WireAudioFormat = "audio/pcm"): number {
  return Math.round(ms * (format === "audio/pcm" ? PCM16_BYTES_PER_MS : G711_BYTES_PER_MS));
}

/** Milliseconds in `samples` PCM16 samples at 24 kHz. */
export function samplesToMs(samples: number): number {
  return (samples * 1000) / PCM16_SAMPLE_RATE;
}

/** PCM16 samples at 24 kHz in `ms` milliseconds (rounded). */
export function msToSamples(ms: number): number {
  return Math.round((ms * PCM16_SAMPLE_RATE) / 1000);
}

/**
 * Number of bytes base64 text decodes to, computed from its length and padding without
 * decoding it. Used to count received audio cheaply.
 */
export function base64ByteLength(base64: string): number {
  let len = base64.length;
  if (len > 0 && base64.charCodeAt(len - 1) === 61) len--;
  if (len > 0 && base64.charCodeAt(len - 1) === 61) len--;
  return Math.floor((len * 3) / 4);
}
