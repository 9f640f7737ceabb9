/** How long a cut fades (ms): short enough to keep the timing, long enough to remove the click. */
export const FADE_MS = 5;

/**
 * A fade-out that continues what was played when the audio stops abruptly (the queue ran dry,
 * or the end of a chunk is padded): the mirror image of the last samples played, ramped down
 * linearly to 0. It starts at the last sample's value, so the output never steps at the cut;
 * each later step is the signal's own step plus at most `32767 / length`.
 */
export class FadeOut {
  readonly #history: Int16Array;
  #at = 0;

  /** @param length samples the fade lasts ({@link FADE_MS} at the device rate). */
  constructor(length: number) {
    this.#history = new Int16Array(length);
  }

  /** Remembers the end of what is played (call with every chunk of audio, in order). */
  played(samples: Int16Array): void {
    const h = this.#history;
    if (samples.length >= h.length) h.set(samples.subarray(samples.length - h.length));
    else {
      h.copyWithin(0, samples.length);
      h.set(samples, h.length - samples.length);
    }
    this.#at = 0;
  }

  /** Whether a fade is due (audio was played and its fade not finished) and not all silence. */
  get pending(): boolean {
    if (this.#at >= this.#history.length) return false;
    for (let i = 0; i < this.#history.length - this.#at; i++)
      if (this.#history[i] !== 0) return true;
    return false;
  }

  /** Writes the next part of the fade into `out` (the rest of it stays zero); returns whether it finished. */
  write(out: Int16Array): boolean {
    const h = this.#history;
    const n = h.length;
    const end = Math.min(n, this.#at + out.length);
    for (let i = this.#at; i < end; i++)
      out[i - this.#at] = Math.round(((h[n - 1 - i] as number) * (n - i)) / n);
    this.#at = end;
    return end >= n;
  }

  /** Forgets what was played (after a stop: the device fades that cut itself). */
  reset(): void {
    this.#history.fill(0);
    this.#at = this.#history.length;
  }
}

/** Ramps the first `length` samples of `samples` up from 0 (in place): audio resuming after a fade-out. */
export function fadeIn(samples: Int16Array, length: number): void {
  const n = Math.min(length, samples.length);
  for (let i = 0; i < n; i++)
    samples[i] = Math.round(((samples[i] as number) * (i + 1)) / (length + 1));
}
