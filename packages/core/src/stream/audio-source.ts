/** Receives the frames of an {@link AudioSource}. */
export interface AudioSink {
  /**
   * One frame of PCM16, 24 kHz, mono samples, of any length. The sink copies what it needs
   * before returning, so a source may reuse its buffer for the next frame.
   */
  frame(samples: Int16Array): void;
  /** The source has ended (for good), with the error that ended it, if any. */
  end(error?: unknown): void;
}

/**
 * Where `captureAudio` gets audio: PCM16, 24 kHz, mono. A push interface, so a microphone
 * (`@echo/audio-node`, resampled to 24 kHz), a file, a generator or a test all fit; wrap an
 * iterable with {@link audioSourceFromIterable}.
 */
export interface AudioSource {
  /** Starts delivering frames to `sink`; the returned function stops delivery (idempotent). */
  subscribe(sink: AudioSink): () => void;
}

/**
 * An {@link AudioSource} over an (async) iterable of frames, e.g. an async generator reading a
 * file. Frames are delivered as fast as the iterable yields them; `end` follows the last one.
 */
export function audioSourceFromIterable(
  frames: AsyncIterable<Int16Array> | Iterable<Int16Array>,
): AudioSource {
  return {
    subscribe(sink) {
      let stopped = false;
      void (async () => {
        try {
          for await (const frame of frames) {
            if (stopped) return;
            sink.frame(frame);
          }
          if (!stopped) sink.end();
        } catch (error) {
          if (!stopped) sink.end(error);
        }
      })();
      return () => {
        stopped = true;
      };
    },
  };
}
