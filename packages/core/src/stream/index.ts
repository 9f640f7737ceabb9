export { type AudioSink, type AudioSource, audioSourceFromIterable } from "./audio-source.js";
export {
  type CaptureOptions,
  CaptureOptionsError,
  captureAudio,
  type StopCapture,
} from "./capture.js";
export { PlayoutLedger } from "./playout-ledger.js";
export type { AudioPosition, Speaker } from "./speaker.js";
export { type Stream, type StreamEvent, type StreamOptions, stream } from "./stream.js";
export { PlaybackTracker, type TruncatePoint, TruncationTracker } from "./truncation-tracker.js";
