import { describe, expect, it } from "vitest";
import { EchoCanceller } from "../src/index.js";

const RATE = 24000;

/** Deterministic speech-like signal: low-passed noise with a syllable-rate envelope and pauses. */
function talker(n: number, seed: number, syllableHz: number): Float32Array {
  const x = new Float32Array(n);
  let s = seed >>> 0 || 1;
  let lp = 0;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const t = i / RATE;
    const env =
      (0.5 + 0.5 * Math.sin(2 * Math.PI * syllableHz * t)) ** 2 * ((t * 0.7) % 1 < 0.8 ? 1 : 0);
    lp = 0.6 * lp + 0.4 * ((s >>> 0) / 4294967296 - 0.5);
    x[i] = 0.3 * env * lp;
  }
  return x;
}

/**
 * What the microphone hears of `far` through a small room after `delay` samples when its clock
 * runs `ppm` fast: the echo is the far end read at `n / (1 + ppm 1e-6)` (band-limited
 * interpolation: a Hann-windowed sinc of 32 taps, cut off at 0.9 of Nyquist).
 */
function driftingEcho(far: Float32Array, delay: number, ppm: number): Float32Array {
  const half = 16;
  const read = (j: number) => {
    const i = Math.floor(j);
    let v = 0;
    for (let k = i - half + 1; k <= i + half; k++) {
      const t = k - j;
      const w = 0.5 + 0.5 * Math.cos((Math.PI * t) / half);
      const x = Math.PI * 0.9 * t;
      v += (far[k] ?? 0) * w * (t === 0 ? 0.9 : (0.9 * Math.sin(x)) / x);
    }
    return v;
  };
  const y = new Float32Array(far.length);
  const r = 1 + ppm * 1e-6;
  for (let n = 0; n < far.length; n++) {
    const j = n / r - delay;
    y[n] = 0.5 * read(j) + 0.2 * read(j - 23) - 0.1 * read(j - 180);
  }
  return y;
}

function energy(x: Float32Array, from: number, to: number): number {
  let e = 0;
  for (let i = from; i < to; i++) e += (x[i] ?? 0) ** 2;
  return e;
}

describe("clock drift", () => {
  // A talker answering while the far end keeps playing, 14-20 s into a call whose capture clock
  // runs 200 ppm fast or slow: the echo path moves a sample every 0.2 s, faster than the filter
  // converges. Without compensation the canceller never converges and mutes the talker.
  it.each([0, 200, -200])("keeps the near-end talker under %i ppm of drift", (ppm) => {
    const n = 22 * RATE;
    const far = talker(n, 7, 3);
    const near = talker(n, 99, 4.3);
    const [t0, t1] = [14 * RATE, 20 * RATE];
    for (let i = 0; i < n; i++) if (i < t0 || i >= t1) near[i] = 0;
    const echo = driftingEcho(far, 0.08 * RATE, ppm);
    const mic = new Float32Array(n);
    for (let i = 0; i < n; i++) mic[i] = (echo[i] ?? 0) + (near[i] ?? 0);

    using aec = new EchoCanceller({ sampleRate: RATE });
    const f = aec.frameSize;
    const out = new Float32Array(n);
    const o = new Float32Array(f);
    for (let t = 0; t + f <= n; t += f) {
      aec.process(mic.subarray(t, t + f), far.subarray(t, t + f), o);
      out.set(o, t);
    }
    // The output lags the microphone by `latencySamples`.
    const lag = aec.latencySamples;
    const aligned = out.subarray(lag);
    // Inside the talk: the output keeps the talker's level (residual echo included) ...
    const from = t0 + RATE / 2;
    const to = t1 - RATE / 2;
    const gainDb = 10 * Math.log10(energy(aligned, from, to) / energy(near, from, to));
    expect(gainDb).toBeGreaterThan(-3);
    expect(gainDb).toBeLessThan(3);
    // ... and the echo is still removed around it.
    const before = 10 * Math.log10(energy(mic, 10 * RATE, t0) / energy(aligned, 10 * RATE, t0));
    expect(before).toBeGreaterThan(30);
    const s = aec.stats();
    expect(s.converged).toBe(true);
    // The drift was found (and at 0 ppm nothing is resampled).
    if (ppm === 0) expect(s.clockDriftPpm).toBe(0);
    else expect(Math.abs(s.clockDriftPpm - ppm)).toBeLessThan(15);
  });
});
