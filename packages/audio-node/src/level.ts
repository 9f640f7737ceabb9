/** The lowest level reported: digital silence reads as this instead of `-Infinity`. */
export const MIN_DBFS = -100;

/** One level reading: the RMS of one device chunk (20 ms), in dBFS. */
export interface AudioLevel {
  /** RMS level in dBFS (0 = full-scale square wave; a full-scale sine is about -3), at least {@link MIN_DBFS}. */
  rmsDbfs: number;
  /** Peak level of the chunk in dBFS, at least {@link MIN_DBFS}. */
  peakDbfs: number;
}

/** Receives a level reading per chunk. */
export type LevelListener = (level: AudioLevel) => void;

/** The RMS and peak level of PCM16 samples. */
export function levelOf(samples: Int16Array): AudioLevel {
  let energy = 0;
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] as number;
    energy += v * v;
    const a = v < 0 ? -v : v;
    if (a > peak) peak = a;
  }
  const toDb = (x: number) => (x <= 0 ? MIN_DBFS : Math.max(MIN_DBFS, 20 * Math.log10(x / 32768)));
  return { rmsDbfs: toDb(Math.sqrt(energy / Math.max(1, samples.length))), peakDbfs: toDb(peak) };
}

/** A set of level listeners; a throwing listener is reported, not fatal. */
export class LevelMeter {
  readonly #listeners = new Set<LevelListener>();
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  subscribe(listener: LevelListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Measures `samples` and tells every listener (no work when nobody listens). */
  measure(samples: Int16Array): void {
    if (this.#listeners.size === 0) return;
    const level = levelOf(samples);
    for (const listener of this.#listeners) {
      try {
        listener(level);
      } catch (error) {
        this.#onError(error);
      }
    }
  }
}
