import { type AudioSink, type AudioSource, base64ToInt16 } from "@echo/core";

/** PCM16 samples per millisecond at the wire rate (24 kHz). */
export const SAMPLES_PER_MS = 24;

/** A 440 Hz tone of `ms` milliseconds at about -15 dBFS RMS: "speech" for an energy VAD. */
export function tone(ms: number, samples = ms * SAMPLES_PER_MS): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24_000));
  }
  return out;
}

/** `samples` zero samples: silence (default `ms` milliseconds of it). */
export function silence(ms: number, samples = ms * SAMPLES_PER_MS): Int16Array {
  return new Int16Array(samples);
}

/** The parts one after the other. */
export function concat(...parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A microphone the test drives: `push` delivers samples in 10 ms frames, reusing one buffer as devices do. */
export interface PushSource {
  source: AudioSource;
  push(samples: Int16Array): void;
}

/** Makes a {@link PushSource}. Frames pushed before anyone subscribed are dropped, like a live device. */
export function pushSource(): PushSource {
  let sink: AudioSink | undefined;
  const frame = new Int16Array(10 * SAMPLES_PER_MS);
  return {
    source: {
      subscribe(s) {
        sink = s;
        return () => {
          sink = undefined;
        };
      },
    },
    push(samples) {
      for (let at = 0; at < samples.length; at += frame.length) {
        const part = samples.subarray(at, at + frame.length);
        frame.set(part);
        sink?.frame(part.length === frame.length ? frame : frame.subarray(0, part.length));
      }
    },
  };
}

/** The PCM16 samples of every `input_audio_buffer.append` among `events` (client events a mock received), one array per append. */
export function appendedChunks(events: readonly unknown[]): Int16Array[] {
  const chunks: Int16Array[] = [];
  for (const ev of events) {
    if (typeof ev !== "object" || ev === null) continue;
    const { type, audio } = ev as { type?: unknown; audio?: unknown };
    if (type === "input_audio_buffer.append" && typeof audio === "string") {
      chunks.push(base64ToInt16(audio));
    }
  }
  return chunks;
}

/** A promise with its resolve function (Node 20 has no `Promise.withResolvers`). */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
