// The resampler as it was before its inner loops were split into four accumulators (audio-node
// at 3050186): the baseline the pipeline bench compares against in the same run. Frozen: do not
// optimise it.
import { AudioNodeUsageError } from "../../src/errors.js";

/** Options of {@link Resampler}. */
export interface ResamplerOptions {
  /** Input rate in Hz (24000, 44100 or 48000). */
  from: number;
  /** Output rate in Hz (24000, 44100 or 48000). */
  to: number;
}

const RATES = [24000, 44100, 48000];
// Passband edge and stopband start of the 24 kHz side: flat to 10 kHz, >= 80 dB from 12 kHz (its Nyquist).
const PASS_HZ = 10_000;
const STOP_HZ = 12_000;
// Kaiser window for ~90 dB: a margin over the 80 dB target for coefficient rounding in float32.
const ATTENUATION_DB = 90;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

/** Filter banks are the same for every resampler of a rate pair: build each once. */
const banks = new Map<string, { phases: Float32Array; taps: number; up: number; down: number }>();

function bank(from: number, to: number) {
  const key = `${from}:${to}`;
  const cached = banks.get(key);
  if (cached !== undefined) return cached;
  const g = gcd(from, to);
  const up = to / g;
  const down = from / g;
  // The prototype low-pass runs at from * up; cut off midway through the 10-12 kHz transition.
  const rate = from * up;
  const beta = 0.1102 * (ATTENUATION_DB - 8.7);
  const transition = (STOP_HZ - PASS_HZ) / rate;
  const length = Math.ceil((ATTENUATION_DB - 7.95) / (14.36 * transition)) + 1;
  const taps = Math.ceil(length / up) | 1;
  // An odd prototype: its delay is a whole number of samples at every rate (the last phase's last tap is zero).
  const n = up === 1 ? taps : taps * up - 1;
  const fc = (PASS_HZ + STOP_HZ) / 2 / rate;
  const center = (n - 1) / 2;
  const proto = new Float64Array(n);
  const i0 = besselI0(beta);
  for (let i = 0; i < n; i++) {
    const t = i - center;
    const sinc = t === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
    const r = (2 * i) / (n - 1) - 1;
    proto[i] = sinc * (besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0) * up;
  }
  // Phase-major and reversed, so each output is a dot product over consecutive history samples.
  const phases = new Float32Array(taps * up);
  for (let p = 0; p < up; p++) {
    for (let k = 0; k < taps; k++) phases[p * taps + (taps - 1 - k)] = proto[p + k * up] ?? 0;
  }
  const made = { phases, taps, up, down };
  banks.set(key, made);
  return made;
}

/**
 * A streaming polyphase resampler for PCM16 mono between 48 kHz / 44.1 kHz and 24 kHz
 * (a windowed-sinc low-pass, Kaiser, split into `up` phases). Stateful across chunks: feed
 * consecutive chunks of one signal. Exact frame counts (960 in -> 480 out at 48k -> 24k; 441
 * -> 240 at 44.1k -> 24k), flat to 0.1 dB up to 10 kHz, >= 80 dB stopband above 12 kHz.
 */
export class Resampler {
  /** Input rate in Hz. */
  readonly from: number;
  /** Output rate in Hz. */
  readonly to: number;
  readonly #phases: Float32Array;
  readonly #taps: number;
  readonly #up: number;
  readonly #down: number;
  // The last `taps - 1` input samples, then the current chunk (grown as needed).
  #buffer: Float32Array;
  // Next output's newest input sample, relative to the start of the next chunk, and its phase.
  #position = 0;
  #phase = 0;

  constructor(options: ResamplerOptions) {
    const { from, to } = options;
    if (
      !RATES.includes(from) ||
      !RATES.includes(to) ||
      from === to ||
      (from !== 24000 && to !== 24000)
    ) {
      throw new AudioNodeUsageError(
        "invalid_audio_options",
        `Resampler converts between 24000 Hz and 44100 or 48000 Hz, got from ${String(from)} to ${String(to)}.`,
      );
    }
    this.from = from;
    this.to = to;
    const made = bank(from, to);
    this.#phases = made.phases;
    this.#taps = made.taps;
    this.#up = made.up;
    this.#down = made.down;
    this.#buffer = new Float32Array(this.#taps - 1 + 2048);
  }

  /** How many samples the next `process` of `inputLength` samples returns. */
  outputLength(inputLength: number): number {
    const ahead = (inputLength - this.#position) * this.#up - this.#phase;
    return ahead <= 0 ? 0 : Math.ceil(ahead / this.#down);
  }

  /** Resamples the next chunk. Writes into `out` (at least {@link outputLength} samples) when given, else into a new array. */
  process(input: Int16Array, out?: Int16Array): Int16Array {
    const count = this.outputLength(input.length);
    const result = out ?? new Int16Array(count);
    if (result.length < count) {
      throw new AudioNodeUsageError(
        "invalid_audio_options",
        `out has ${result.length} samples; this chunk needs ${count}.`,
      );
    }
    const taps = this.#taps;
    const keep = taps - 1;
    if (this.#buffer.length < keep + input.length) {
      const grown = new Float32Array(keep + input.length);
      grown.set(this.#buffer.subarray(0, keep));
      this.#buffer = grown;
    }
    const buffer = this.#buffer;
    for (let i = 0; i < input.length; i++) buffer[keep + i] = input[i] as number;
    const phases = this.#phases;
    const up = this.#up;
    const down = this.#down;
    let position = this.#position;
    let phase = this.#phase;
    const half = taps >> 1;
    const symmetric = up === 1; // one phase: the prototype itself, symmetric (odd length)
    for (let n = 0; n < count; n++) {
      // Sum over the window of history ending at input[position] (buffer index keep + position);
      // `start` is the buffer index of its oldest sample.
      const start = position;
      const offset = phase * taps;
      let acc = 0;
      if (symmetric) {
        // h[k] = h[taps-1-k]: fold the window, half the multiplications.
        const end = start + taps - 1;
        for (let k = 0; k < half; k++) {
          acc +=
            (phases[k] as number) * ((buffer[start + k] as number) + (buffer[end - k] as number));
        }
        acc += (phases[half] as number) * (buffer[start + half] as number);
      } else {
        // Two accumulators: shorter dependency chains.
        let odd = 0;
        let k = 0;
        for (; k + 1 < taps; k += 2) {
          acc += (phases[offset + k] as number) * (buffer[start + k] as number);
          odd += (phases[offset + k + 1] as number) * (buffer[start + k + 1] as number);
        }
        if (k < taps) acc += (phases[offset + k] as number) * (buffer[start + k] as number);
        acc += odd;
      }
      result[n] = acc > 32767 ? 32767 : acc < -32768 ? -32768 : Math.round(acc);
      phase += down;
      while (phase >= up) {
        phase -= up;
        position++;
      }
    }
    // Keep the last `keep` samples as the next chunk's history.
    buffer.copyWithin(0, input.length, input.length + keep);
    this.#position = position - input.length;
    this.#phase = phase;
    return result;
  }

  /** The filter's delay in output samples (a constant: what a round trip adds twice). */
  get delay(): number {
    const n = this.#up === 1 ? this.#taps : this.#taps * this.#up - 1;
    return ((n - 1) / 2 / this.#up) * (this.to / this.from);
  }

  /** Forgets the history (the next chunk starts a new signal). */
  reset(): void {
    this.#buffer.fill(0);
    this.#position = 0;
    this.#phase = 0;
  }
}
