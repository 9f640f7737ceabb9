import { EchoUsageError } from "../errors.js";

/** Audio data that is not valid PCM16 (odd byte count) or not valid base64. */
export class PcmFormatError extends EchoUsageError {
  constructor(message: string) {
    super("invalid_pcm", message);
  }
}

/** The error for base64 text that decodes to an odd number of bytes, which PCM16 can never be. */
export function oddByteCount(bytes: number): PcmFormatError {
  return new PcmFormatError(
    `Base64 PCM16 audio decoded to ${bytes} bytes, an odd number; PCM16 has 2 bytes per sample. Send whole samples (16-bit little-endian, mono).`,
  );
}
