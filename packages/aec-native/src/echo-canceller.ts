import { AecUsageError, fromNative } from "./errors.js";
import { loadNative, type NativeAec, type NativeHandle } from "./native.js";

/** PCM samples the canceller accepts: PCM16 (`Int16Array`) or float in [-1, 1] (`Float32Array`). */
export type Samples = Int16Array | Float32Array;

/** Sample rates the canceller runs at. */
export type AecSampleRate = 16000 | 24000 | 48000;

/** Options of {@link EchoCanceller}. */
export interface EchoCancellerOptions {
  /** 16000, 24000 or 48000 Hz. */
  sampleRate: AecSampleRate;
  /** Frame length per call in ms: 10 (default) or 20. */
  frameMs?: 10 | 20;
  /** Echo tail the linear filter models, in ms (integer, 20..1000, default 200). */
  tailMs?: number;
  /** Largest loudspeaker-to-microphone delay searched, in ms (integer, 0..2000, default 1000). */
  maxDelayMs?: number;
}

/** A snapshot of the canceller's state. */
export interface EchoCancellerStats {
  /** Echo return loss enhancement (mic / output) over recent far-end activity, in dB. */
  erleDb: number;
  /** Same, for the linear filter alone (before residual echo suppression). */
  erleLinearDb: number;
  /** Estimated loudspeaker-to-microphone delay in ms, `null` until established. */
  delayMs: number | null;
  /** Near-end speech detected while the far end is active. */
  doubleTalk: boolean;
  /** The adaptive filter has converged at least once. */
  converged: boolean;
  /** Residual echo leakage estimate of the linear filter (0..1). */
  leak: number;
  /**
   * Input samples (near or far) replaced by 0 since construction or `reset()`: NaN, +-Infinity
   * and magnitudes beyond 8 (18 dB over full scale, not audio), so one bad sample cannot poison
   * the adaptive state. Non-zero means the audio source is misbehaving.
   */
  repairedSamples: number;
  /** Times the adaptive state became non-finite anyway and was reset (should stay 0). */
  recoveries: number;
  /**
   * Clock drift of the microphone against the loudspeaker in ppm (positive: the microphone's
   * clock runs fast), as compensated by resampling the far end; 0 while none is compensated.
   */
  clockDriftPpm: number;
}

/** Whether the native canceller is still allocated. */
type CancellerState = { status: "open"; handle: NativeHandle } | { status: "closed" };

function isSamples(x: unknown): x is Samples {
  return x instanceof Int16Array || x instanceof Float32Array;
}

/**
 * Acoustic echo canceller for one microphone and one loudspeaker, running in native code.
 *
 * Feed what the loudspeaker plays with {@link render} and what the microphone hears with
 * {@link capture}, one frame (`frameSize` samples) per call, or both at once with
 * {@link process}. The output is delayed by `latencySamples` relative to the input.
 *
 * Hot path without allocation: pass an `out` array to `capture`/`process`; without one, the
 * result is written into an array the canceller owns and reuses on the next call (copy it if
 * you keep it).
 */
export class EchoCanceller {
  /** Sample rate in Hz. */
  readonly sampleRate: AecSampleRate;
  /** Samples per frame (per call). */
  readonly frameSize: number;
  /** Constant delay of the output relative to the microphone input, in samples. */
  readonly latencySamples: number;
  readonly #native: NativeAec;
  #state: CancellerState;
  readonly #stats = new Float64Array(9);
  #outI16: Int16Array | undefined;
  #outF32: Float32Array | undefined;

  /**
   * Creates a canceller; throws {@link AecUsageError} (`aec_sample_rate`, `aec_frame_ms`,
   * `aec_tail_ms`, `aec_max_delay_ms`) for unsupported options, with a message saying what to
   * use. The rules live in one place, the native side (`Config` in Rust), so they cannot drift.
   */
  constructor(options: EchoCancellerOptions) {
    const { sampleRate, frameMs = 10, tailMs = 200, maxDelayMs = 1000 } = options ?? {};
    this.#native = loadNative();
    let handle: NativeHandle;
    try {
      handle = this.#native.create(sampleRate, frameMs, tailMs, maxDelayMs);
    } catch (e) {
      throw fromNative(e);
    }
    this.#state = { status: "open", handle };
    this.sampleRate = sampleRate;
    this.frameSize = (sampleRate * frameMs) / 1000;
    this.latencySamples = this.#native.latencySamples(handle);
  }

  /** Whether {@link close} was called. */
  get closed(): boolean {
    return this.#state.status === "closed";
  }

  /**
   * Frees the native canceller (0.4-1 MB) now instead of at garbage collection. Idempotent;
   * any other call afterwards throws {@link AecUsageError} (`aec_closed`).
   */
  close(): void {
    if (this.#state.status === "closed") return;
    const { handle } = this.#state;
    this.#state = { status: "closed" };
    this.#native.close(handle);
  }

  /** `using aec = new EchoCanceller(...)` closes it at the end of the scope. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Queues one frame of far-end audio (what the loudspeaker plays). */
  render(far: Samples): void {
    const handle = this.#open();
    this.#check(far, "far");
    try {
      this.#native.render(handle, far);
    } catch (e) {
      // Only a fault can get here: the checks above refuse every mistake first.
      throw fromNative(e);
    }
  }

  /** Cleans one microphone frame; returns `out` (or a reused internal array of `near`'s type). */
  capture<T extends Samples>(near: T, out?: T): T {
    const handle = this.#open();
    this.#check(near, "near");
    const o = this.#out(near, out);
    try {
      this.#native.capture(handle, near, o);
    } catch (e) {
      // Only a fault can get here: the checks above refuse every mistake first.
      throw fromNative(e);
    }
    return o;
  }

  /** `render(far)` then `capture(near, out)` in one native call. */
  process<T extends Samples>(near: T, far: Samples, out?: T): T {
    const handle = this.#open();
    this.#check(near, "near");
    this.#check(far, "far");
    const o = this.#out(near, out);
    try {
      this.#native.process(handle, near, far, o);
    } catch (e) {
      // Only a fault can get here: the checks above refuse every mistake first.
      throw fromNative(e);
    }
    return o;
  }

  /** Current statistics. */
  stats(): EchoCancellerStats {
    const s = this.#stats;
    this.#native.stats(this.#open(), s);
    const delay = s[2] ?? Number.NaN;
    return {
      erleDb: s[0] ?? 0,
      erleLinearDb: s[1] ?? 0,
      delayMs: Number.isNaN(delay) ? null : delay,
      doubleTalk: s[3] === 1,
      converged: s[4] === 1,
      leak: s[5] ?? 0,
      repairedSamples: s[6] ?? 0,
      recoveries: s[7] ?? 0,
      clockDriftPpm: s[8] ?? 0,
    };
  }

  /** Forgets the echo path and the delay, as after construction. */
  reset(): void {
    this.#native.reset(this.#open());
  }

  #open(): NativeHandle {
    if (this.#state.status === "closed") {
      throw new AecUsageError(
        "aec_closed",
        "This EchoCanceller was closed; create a new one to keep cancelling.",
      );
    }
    return this.#state.handle;
  }

  #check(x: unknown, what: string): asserts x is Samples {
    if (!isSamples(x)) {
      throw new AecUsageError(
        "aec_sample_type",
        `${what} must be an Int16Array (PCM16) or a Float32Array; got ${describe(x)}.`,
      );
    }
    if (x.length !== this.frameSize) {
      throw new AecUsageError(
        "aec_frame_size",
        `${what} has ${x.length} samples; this canceller takes exactly ${this.frameSize} (${this.frameSize / (this.sampleRate / 1000)} ms at ${this.sampleRate} Hz) per call.`,
      );
    }
  }

  #out<T extends Samples>(near: T, out: T | undefined): T {
    if (out !== undefined) {
      this.#check(out, "out");
      if (out.constructor !== near.constructor) {
        throw new AecUsageError("aec_sample_type", "out must have the same type as near.");
      }
      return out;
    }
    if (near instanceof Int16Array) {
      this.#outI16 ??= new Int16Array(this.frameSize);
      return this.#outI16 as T;
    }
    this.#outF32 ??= new Float32Array(this.frameSize);
    return this.#outF32 as T;
  }
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return x.constructor?.name ?? "object";
  return typeof x;
}
