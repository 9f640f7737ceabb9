import { describe, expect, it } from "vitest";
import { AudioNodeUsageError, Resampler } from "../src/index.js";
import { amplitudeAt, inChunks, rms, sine, sweep } from "./signals.js";

const pairs = [
  [48000, 24000],
  [24000, 48000],
  [44100, 24000],
  [24000, 44100],
] as const;

const db = (ratio: number) => 20 * Math.log10(ratio);

/** Output of a steady tone through a fresh resampler, with the filter's start-up cut off. */
function steady(
  from: number,
  to: number,
  hz: number,
  seconds = 0.5,
  amplitude = 16000,
): Int16Array {
  const r = new Resampler({ from, to });
  const out = inChunks(
    sine(hz, from, Math.round(from * seconds), amplitude),
    Math.round(from / 50),
    (x) => r.process(x),
  );
  return out.subarray(Math.round(to * 0.02));
}

describe("Resampler", () => {
  it.each(pairs)("gives exact frame counts %i -> %i, for any chunking", (from, to) => {
    const twentyMs = new Resampler({ from, to });
    for (let i = 0; i < 100; i++)
      expect(twentyMs.process(new Int16Array(from / 50)).length).toBe(to / 50);
    // Odd chunk sizes: the total is still exact and each answer matches outputLength.
    const odd = new Resampler({ from, to });
    let inTotal = 0;
    let outTotal = 0;
    for (const size of [1, 7, 441, 960, 13, 1000, 2, 3001]) {
      const expected = odd.outputLength(size);
      const out = odd.process(new Int16Array(size));
      expect(out.length).toBe(expected);
      inTotal += size;
      outTotal += out.length;
    }
    expect(outTotal).toBe(Math.ceil((inTotal * to) / from));
  });

  it.each(pairs)("is flat within 0.1 dB up to 10 kHz, %i -> %i", (from, to) => {
    for (const hz of [50, 440, 1000, 3000, 6000, 8000, 9000, 10000]) {
      const out = steady(from, to, hz);
      expect(Math.abs(db(amplitudeAt(out, hz, to) / 16000)), `${hz} Hz`).toBeLessThan(0.1);
    }
  });

  it.each([
    [48000, 24000],
    [44100, 24000],
  ] as const)("attenuates what would alias by at least 80 dB, %i -> %i", (from, to) => {
    for (const hz of [12000, 13000, 15000, 18000, 21000, from === 48000 ? 23500 : 21900]) {
      const out = steady(from, to, hz, 0.5, 30000);
      // Whatever comes out (the alias, at any frequency) counts: the output's whole RMS.
      expect(db(rms(out) / (30000 / Math.SQRT2)), `${hz} Hz`).toBeLessThan(-80);
    }
  });

  it.each([
    [24000, 48000],
    [24000, 44100],
  ] as const)("attenuates the images by at least 80 dB, %i -> %i", (from, to) => {
    for (const hz of [1000, 5000, 9000, 10000]) {
      const out = steady(from, to, hz, 0.5, 30000);
      const image = from - hz; // the first image of hz, mirrored at the input's rate
      expect(db(amplitudeAt(out, image, to) / 30000), `image of ${hz} Hz`).toBeLessThan(-80);
    }
  });

  it.each([48000, 44100])(
    "round-trips a sweep %i -> 24000 -> back with SNR >= 60 dB over the passband",
    (rate) => {
      const down = new Resampler({ from: rate, to: 24000 });
      const up = new Resampler({ from: 24000, to: rate });
      const input = sweep(50, 10000, rate, rate * 2);
      const out = inChunks(input, rate / 50, (x) => up.process(down.process(x)));
      // Both filters' delay, in samples at `rate` (fractional at 44.1 kHz): compare with the input
      // delayed by exactly that much (windowed-sinc interpolation, far more precise than 60 dB).
      const delay = down.delay * (rate / 24000) + up.delay;
      let signal = 0;
      let noise = 0;
      // Skip the first and last 50 ms (the filters' start and the sweep's abrupt end).
      for (let i = Math.round(rate * 0.05); i < input.length - Math.round(rate * 0.05); i++) {
        const x = delayed(input, i - delay);
        signal += x * x;
        noise += (x - (out[i] as number)) ** 2;
      }
      expect(10 * Math.log10(signal / noise)).toBeGreaterThanOrEqual(60);
    },
  );

  it("is stateful across chunks: chunked output equals one-shot output", () => {
    const input = sweep(100, 9000, 48000, 48000);
    const a = new Resampler({ from: 48000, to: 24000 }).process(input);
    const r = new Resampler({ from: 48000, to: 24000 });
    const b = inChunks(input, 333, (x) => r.process(x));
    expect(b).toEqual(a);
  });

  it("rejects rates it does not convert, saying which it does", () => {
    expect(() => new Resampler({ from: 16000, to: 24000 })).toThrow(AudioNodeUsageError);
    expect(() => new Resampler({ from: 48000, to: 44100 })).toThrow(
      /between 24000 Hz and 44100 or 48000/,
    );
  });

  it("reset starts a new signal", () => {
    const r = new Resampler({ from: 24000, to: 48000 });
    const first = r.process(sine(1000, 24000, 480));
    r.process(sine(3000, 24000, 480));
    r.reset();
    expect(r.process(sine(1000, 24000, 480))).toEqual(first);
  });
});

/** `x` at fractional index `t` (Kaiser-windowed sinc over 128 neighbours). */
function delayed(x: Int16Array, t: number): number {
  const base = Math.floor(t);
  let acc = 0;
  for (let j = base - 63; j <= base + 64; j++) {
    const d = t - j;
    const sinc = d === 0 ? 1 : Math.sin(Math.PI * d) / (Math.PI * d);
    const r = d / 65;
    const w = r * r < 1 ? besselI0(9 * Math.sqrt(1 - r * r)) / besselI0(9) : 0;
    acc += (x[j] ?? 0) * sinc * w;
  }
  return acc;
}

function besselI0(v: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 40; k++) {
    term *= (v / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}
