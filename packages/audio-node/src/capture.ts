import type { CaptureOptions, Session, StopCapture } from "@echo/core";

export type { CaptureOptions };
import type { Microphone, MicrophoneOptions } from "./microphone.js";

/** Options of {@link captureAudio}: core's capture options plus the microphone's. */
export interface NodeCaptureOptions extends CaptureOptions, MicrophoneOptions {
  /** Capture from this microphone instead of creating one (it is not closed on stop). */
  microphone?: Microphone;
  /** Alias of `input`: the microphone's id or name. */
  device?: MicrophoneOptions["input"];
}

/**
 * Sends the microphone to the session as `input_audio_buffer.append` events (PCM16 24 kHz,
 * `intervalMs` chunks, echo-cancelled unless `aec: false`). Returns core's stop function: it
 * flushes the last chunk, and closes the microphone it created.
 */
export function captureAudio(_session: Session<unknown>, _options: NodeCaptureOptions = {}): StopCapture {
  throw new Error("not implemented");
}
