export { base64ToInt16, int16ToBase64 } from "./base64.js";
export {
  base64ByteLength,
  bytesToMs,
  G711_BYTES_PER_MS,
  msToBytes,
  msToSamples,
  PCM16_BYTES_PER_MS,
  PCM16_SAMPLE_RATE,
  samplesToMs,
  type WireAudioFormat,
} from "./duration.js";
export { PcmFormatError } from "./errors.js";
