import { describe, expect, it } from "vitest";
import { AecError, AecUsageError, EchoCanceller } from "../src/index.js";

/** Deterministic white noise. */
function noise(n: number, seed: number, amp = 0.2): Float32Array {
  const x = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    // xorshift32: exact in 32-bit integer arithmetic, period 2^32 - 1.
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    x[i] = ((s >>> 0) / 4294967296 - 0.5) * amp;
  }
  return x;
}

/** Echo of `far` through a short room response after `delay` samples. */
function echo(far: Float32Array, delay: number): Float32Array {
  const y = new Float32Array(far.length);
  for (let i = delay; i < far.length; i++) {
    const j = i - delay;
    y[i] = 0.4 * (far[j] ?? 0) + 0.15 * (far[j - 11] ?? 0) - 0.08 * (far[j - 97] ?? 0);
  }
  return y;
}

function energy(x: ArrayLike<number>, from = 0, to = x.length): number {
  let e = 0;
  for (let i = from; i < to; i++) e += (x[i] ?? 0) ** 2;
  return e;
}

function run(aec: EchoCanceller, mic: Float32Array, far: Float32Array): Float32Array {
  const n = aec.frameSize;
  const out = new Float32Array(mic.length);
  const o = new Float32Array(n);
  for (let t = 0; t + n <= mic.length; t += n) {
    aec.process(mic.subarray(t, t + n), far.subarray(t, t + n), o);
    out.set(o, t);
  }
  return out;
}

describe("EchoCanceller", () => {
  it.each([16000, 24000, 48000] as const)("removes a delayed echo at %i Hz", (rate) => {
    const aec = new EchoCanceller({ sampleRate: rate });
    expect(aec.frameSize).toBe(rate / 100);
    const far = noise(rate * 4, 7);
    const mic = echo(far, Math.round(rate * 0.12));
    const out = run(aec, mic, far);
    const from = rate * 2;
    const removed = 10 * Math.log10(energy(mic, from) / energy(out, from));
    expect(removed).toBeGreaterThan(30);
    const s = aec.stats();
    expect(s.converged).toBe(true);
    expect(s.erleDb).toBeGreaterThan(20);
    expect(s.erleLinearDb).toBeGreaterThan(10);
    expect(s.delayMs).not.toBeNull();
    expect(Math.abs((s.delayMs ?? 0) - 120)).toBeLessThan(40);
  });

  it("finds a 700 ms delay", () => {
    const rate = 16000;
    const aec = new EchoCanceller({ sampleRate: rate });
    const far = noise(rate * 6, 3);
    const mic = echo(far, Math.round(rate * 0.7));
    const out = run(aec, mic, far);
    const from = rate * 4;
    expect(10 * Math.log10(energy(mic, from) / energy(out, from))).toBeGreaterThan(30);
    const s = aec.stats();
    expect(Math.abs((s.delayMs ?? 0) - 700)).toBeLessThan(40);
    expect(s.erleLinearDb).toBeGreaterThan(10);
  });

  it("passes near-end speech untouched when the far end is silent", () => {
    const rate = 24000;
    const aec = new EchoCanceller({ sampleRate: rate });
    const near = noise(rate, 11, 0.3);
    const far = new Float32Array(near.length);
    const out = run(aec, near, far);
    const lat = aec.latencySamples;
    let err = 0;
    for (let i = 0; i + lat < near.length - 480; i++)
      err += ((out[i + lat] ?? 0) - (near[i] ?? 0)) ** 2;
    expect(10 * Math.log10(energy(near, 0, near.length - 480 - lat) / err)).toBeGreaterThan(60);
  });

  it("accepts Int16Array and returns the same type, reusing its output array", () => {
    const aec = new EchoCanceller({ sampleRate: 16000 });
    const near = new Int16Array(160).fill(1000);
    const far = new Int16Array(160);
    const a = aec.process(near, far);
    const b = aec.capture(near);
    expect(a).toBeInstanceOf(Int16Array);
    expect(b).toBe(a);
    aec.render(far);
    const f = aec.capture(new Float32Array(160));
    expect(f).toBeInstanceOf(Float32Array);
  });

  it("reset forgets the echo path", () => {
    const aec = new EchoCanceller({ sampleRate: 16000 });
    const far = noise(16000 * 6, 5);
    run(aec, echo(far, 800), far);
    expect(aec.stats().converged).toBe(true);
    aec.reset();
    expect(aec.stats()).toMatchObject({ converged: false, delayMs: null, doubleTalk: false });
  });

  describe("bad input", () => {
    const aec = new EchoCanceller({ sampleRate: 24000 });

    it.each([
      [{ sampleRate: 44100 }, "aec_sample_rate"],
      [{ sampleRate: 24000, frameMs: 15 }, "aec_frame_ms"],
      [{ sampleRate: 24000, tailMs: 5 }, "aec_tail_ms"],
      [{ sampleRate: 24000, maxDelayMs: -1 }, "aec_max_delay_ms"],
      [{ sampleRate: 24000, maxDelayMs: 1.5 }, "aec_max_delay_ms"],
    ])("rejects options %j", (opts, code) => {
      // @ts-expect-error deliberately wrong options
      expect(() => new EchoCanceller(opts)).toThrow(
        expect.objectContaining({ code, kind: "usage" }),
      );
    });

    it("rejects a missing options object", () => {
      // @ts-expect-error deliberately missing
      expect(() => new EchoCanceller()).toThrow(AecUsageError);
    });

    it("rejects wrong frame sizes with the expected size in the message", () => {
      const e = catchError(() => aec.process(new Float32Array(160), new Float32Array(240)));
      expect(e).toBeInstanceOf(AecUsageError);
      expect(e).toBeInstanceOf(AecError);
      expect(e).toMatchObject({ code: "aec_frame_size", name: "AecUsageError" });
      expect(String((e as Error).message)).toContain("exactly 240");
      expect(() => aec.render(new Int16Array(480))).toThrow(/exactly 240/);
      expect(() => aec.capture(new Float32Array(240), new Float32Array(10))).toThrow(AecUsageError);
    });

    it.each([
      ["a plain array", Array.from({ length: 240 }, () => 0)],
      ["a Float64Array", new Float64Array(240)],
      ["an Int32Array", new Int32Array(240)],
      ["null", null],
      ["a string", "x".repeat(240)],
    ])("rejects %s as samples", (_label, bad) => {
      // @ts-expect-error deliberately wrong type
      expect(() => aec.capture(bad)).toThrow(expect.objectContaining({ code: "aec_sample_type" }));
      // @ts-expect-error deliberately wrong type
      expect(() => aec.process(new Float32Array(240), bad)).toThrow(AecUsageError);
    });

    it("rejects an output array of another type than the input", () => {
      // @ts-expect-error deliberately mismatched
      expect(() => aec.capture(new Int16Array(240), new Float32Array(240))).toThrow(/same type/);
    });

    it("keeps working after rejected calls", () => {
      const out = aec.process(new Float32Array(240), new Float32Array(240));
      expect(out).toHaveLength(240);
    });
  });
});

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}
