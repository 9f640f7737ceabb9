import { EchoUsageError } from "../errors.js";
import { int16ToBase64 } from "../pcm/base64.js";
import { PCM16_SAMPLE_RATE } from "../pcm/duration.js";
import { SessionClosedError } from "../session/errors.js";
import { loggerOf } from "../session/logger-of.js";
import type { Session } from "../session/session.js";
import { safeErrorHandler } from "../shared/safe-handler.js";
import type { AudioSource } from "./audio-source.js";

/** Options of {@link captureAudio}. */
export interface CaptureOptions {
  /** Length of each `input_audio_buffer.append` in ms (default 20). Small chunks let server VAD react faster. */
  intervalMs?: number;
  /** Called with errors capture survives or that stopped it (a failing source, a send that failed). */
  onError?: (error: unknown) => void;
}

/** Stops a capture: flushes the last partial chunk and resolves once everything was sent. */
export type StopCapture = () => Promise<void>;

/** Invalid options given to {@link captureAudio}. Code `"invalid_capture_options"`. */
export class CaptureOptionsError extends EchoUsageError {
  constructor(message: string) {
    super("invalid_capture_options", message);
  }
}

// The largest append the server takes is 15 MiB of base64; stay far below it.
const MAX_INTERVAL_MS = 60_000;

/**
 * Sends audio from `source` to the session as `input_audio_buffer.append` events: PCM16 24 kHz
 * mono, base64, in chunks of `intervalMs`, in order, each put awaited (backpressure). Returns a
 * function that stops capturing, sends the last partial chunk and resolves when all was sent.
 * When the source ends, the partial chunk is sent too. When the session closes, capture stops.
 */
export function captureAudio(
  session: Session<unknown>,
  source: AudioSource,
  options: CaptureOptions = {},
): StopCapture {
  const intervalMs = options.intervalMs ?? 20;
  const chunkSamples = Math.round((intervalMs * PCM16_SAMPLE_RATE) / 1000);
  if (!Number.isFinite(intervalMs) || chunkSamples < 1 || intervalMs > MAX_INTERVAL_MS) {
    throw new CaptureOptionsError(
      `intervalMs must be between 1/24 and ${MAX_INTERVAL_MS} ms, got ${String(intervalMs)}; 20 to 100 ms suits server VAD.`,
    );
  }
  const onError = safeErrorHandler(options.onError, loggerOf(session));

  const chunk = new Int16Array(chunkSamples);
  let filled = 0;
  let state = "capturing" as "capturing" | "stopped";
  let sessionClosed = false;
  let tail: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | undefined;

  const send = (samples: Int16Array) => {
    // Encode now: the chunk buffer is reused for the next samples.
    const audio = int16ToBase64(samples);
    tail = tail.then(async () => {
      if (sessionClosed) return;
      try {
        await session.put({ type: "input_audio_buffer.append", audio });
      } catch (error) {
        if (error instanceof SessionClosedError) {
          sessionClosed = true;
          finish();
        } else {
          onError(error);
        }
      }
    });
  };

  const flush = () => {
    if (filled > 0) send(chunk.slice(0, filled));
    filled = 0;
  };

  const finish = () => {
    if (state === "stopped") return;
    state = "stopped";
    unsubscribe?.();
    flush();
  };

  const stopSource = source.subscribe({
    frame(samples) {
      if (state !== "capturing") return;
      let offset = 0;
      while (offset < samples.length) {
        const n = Math.min(chunkSamples - filled, samples.length - offset);
        chunk.set(samples.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === chunkSamples) {
          send(chunk);
          filled = 0;
        }
      }
    },
    end(error) {
      if (error !== undefined) onError(error);
      finish();
    },
  });

  // A source may end while subscribing; then stop it as soon as we can.
  if (state === "stopped") stopSource();
  else unsubscribe = stopSource;

  return () => {
    finish();
    return tail;
  };
}
