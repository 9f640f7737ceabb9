import { decodePcm16, encodePcm16 } from "#pcm-base64";

/**
 * Encodes PCM16 samples as base64 of their little-endian bytes, the `audio/pcm` wire format
 * (`input_audio_buffer.append.audio`). Uses Node's Buffer in Node and a table-driven codec in
 * browsers (chosen by package.json conditions). Little-endian on every host.
 */
export function int16ToBase64(samples: Int16Array): string {
  return encodePcm16(samples);
}

/**
 * Decodes base64 PCM16 (e.g. `response.output_audio.delta.delta`) into a fresh Int16Array.
 * Throws {@link PcmFormatError} when it decodes to an odd number of bytes; the browser codec
 * also rejects characters outside the base64 alphabet (Node's, like Buffer, skips them).
 */
export function base64ToInt16(base64: string): Int16Array {
  return decodePcm16(base64);
}
