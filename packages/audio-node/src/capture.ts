import {
  type CaptureOptions,
  captureAudio as captureFrom,
  type Session,
  type StopCapture,
} from "@echo/core";
import { createMicrophone, type Microphone, type MicrophoneOptions } from "./microphone.js";

export type { CaptureOptions };

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
export function captureAudio(
  session: Session<unknown>,
  options: NodeCaptureOptions = {},
): StopCapture {
  const { microphone, device, intervalMs, onError, ...micOptions } = options;
  const input = micOptions.input ?? device;
  const mic =
    microphone ??
    createMicrophone({
      ...micOptions,
      ...(input === undefined ? {} : { input }),
      ...(onError ? { onError } : {}),
    });
  let stop: StopCapture;
  try {
    stop = captureFrom(session, mic, {
      ...(intervalMs === undefined ? {} : { intervalMs }),
      ...(onError ? { onError } : {}),
    });
  } catch (error) {
    if (microphone === undefined) void mic.close();
    throw error;
  }
  return async () => {
    await stop();
    if (microphone === undefined) await mic.close();
  };
}
