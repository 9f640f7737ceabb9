/** Options of {@link Resampler}. */
export interface ResamplerOptions {
  /** Input rate in Hz (24000, 44100 or 48000). */
  from: number;
  /** Output rate in Hz (24000, 44100 or 48000). */
  to: number;
}

/**
 * A streaming polyphase resampler for PCM16 mono between 48 kHz / 44.1 kHz and 24 kHz.
 * Stateful across chunks (feed consecutive chunks of one signal), exact frame counts
 * (960 in -> 480 out at 48k -> 24k), flat to 0.1 dB up to 10 kHz, >= 80 dB stopband.
 */
export class Resampler {
  /** Input rate in Hz. */
  readonly from: number;
  /** Output rate in Hz. */
  readonly to: number;

  constructor(options: ResamplerOptions) {
    this.from = options.from;
    this.to = options.to;
    throw new Error("not implemented");
  }

  /** How many samples the next `process` of `inputLength` samples returns. */
  outputLength(_inputLength: number): number {
    throw new Error("not implemented");
  }

  /** Resamples the next chunk. Writes into `out` (of {@link outputLength} samples) when given, else into a new array. */
  process(_input: Int16Array, _out?: Int16Array): Int16Array {
    throw new Error("not implemented");
  }

  /** The filter's delay in output samples. */
  get delay(): number {
    throw new Error("not implemented");
  }

  /** Forgets the history (the next chunk starts a new signal). */
  reset(): void {}
}
