import type { AudioSink, AudioSource } from "../stream/audio-source.js";

/** A microphone a test drives: see {@link createPushSource}. */
export interface PushSource {
  /** Give this to `captureAudio`. */
  source: AudioSource;
  /** Delivers `samples` in `frameMs` frames through one reused buffer, as audio devices do. */
  push(samples: Int16Array): void;
  /** Ends the source, with an error for a failing device. */
  end(error?: unknown): void;
  /** Whether someone is subscribed right now. */
  readonly subscribed: boolean;
}

/**
 * Makes a {@link PushSource} with `frameMs`-millisecond frames (default 10). Samples pushed while
 * nobody is subscribed are dropped, like a live device's.
 */
export function createPushSource(frameMs = 10): PushSource {
  let sink: AudioSink | undefined;
  const frame = new Int16Array(Math.round(frameMs * 24));
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
    end(error) {
      const current = sink;
      sink = undefined;
      current?.end(error);
    },
    get subscribed() {
      return sink !== undefined;
    },
  };
}
