/** One stretch of microphone audio handed to the session and the wall time it was captured. */
interface Mark {
  /** Position in the session's input audio, in ms since its first appended sample. */
  startMs: number;
  /** Wall time (ms) of that position. */
  at: number;
}

/** How many marks are kept: at 20 ms frames, about 40 s of audio. */
const MAX_MARKS = 2048;

/**
 * Maps positions in the session's input audio timeline (the `audio_start_ms` / `audio_end_ms` of
 * `input_audio_buffer.speech_*`, counted from the first appended sample) to the wall time the
 * microphone captured them, so "end of speech" is when the user stopped talking, not when the
 * server's VAD noticed (it waits `silence_duration_ms` first).
 */
export class SpeechClock {
  readonly #marks: Mark[] = [];
  #samples = 0;
  readonly #sampleRate: number;

  constructor(sampleRate = 24_000) {
    this.#sampleRate = sampleRate;
  }

  /** Records a frame of `samples` samples that reached the session, captured at wall time `at` (its first sample). */
  frame(samples: number, at: number): void {
    this.#marks.push({ startMs: (this.#samples * 1000) / this.#sampleRate, at });
    if (this.#marks.length > MAX_MARKS) this.#marks.splice(0, this.#marks.length - MAX_MARKS);
    this.#samples += samples;
  }

  /** Milliseconds of audio recorded so far. */
  get positionMs(): number {
    return (this.#samples * 1000) / this.#sampleRate;
  }

  /**
   * The wall time of `positionMs` in the input timeline, interpolated within its frame; `undefined`
   * when it is not (or no longer) known.
   */
  wallTimeOf(positionMs: number): number | undefined {
    const marks = this.#marks;
    const first = marks[0];
    if (first === undefined || positionMs < first.startMs || positionMs > this.positionMs) {
      return undefined;
    }
    let lo = 0;
    let hi = marks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((marks[mid] as Mark).startMs <= positionMs) lo = mid;
      else hi = mid - 1;
    }
    const mark = marks[lo] as Mark;
    return mark.at + (positionMs - mark.startMs);
  }
}
