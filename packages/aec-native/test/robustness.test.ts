import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AecUsageError, EchoCanceller } from "../src/index.js";
import { loadNative, NATIVE_PATH } from "../src/native.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Deterministic speech-band noise in [-amp, amp]. */
function noise(n: number, seed: number, amp = 0.2): Float32Array {
  const x = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    x[i] = ((s >>> 0) / 4294967296 - 0.5) * amp;
  }
  return x;
}

function echo(far: Float32Array, delay: number): Float32Array {
  const y = new Float32Array(far.length);
  for (let i = delay; i < far.length; i++) {
    const j = i - delay;
    y[i] = 0.4 * (far[j] ?? 0) + 0.15 * (far[j - 11] ?? 0) - 0.08 * (far[j - 97] ?? 0);
  }
  return y;
}

function energy(x: ArrayLike<number>, from: number, to = x.length): number {
  let e = 0;
  for (let i = from; i < to; i++) e += (x[i] ?? 0) ** 2;
  return e;
}

/** Runs `mic`/`far` through `aec`; returns the output. */
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

describe("bad samples", () => {
  const rate = 16000;
  const cases: [string, number, "near" | "far"][] = [];
  for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e19, -1e30]) {
    cases.push([String(v), v, "near"], [String(v), v, "far"]);
  }
  it.each(cases)("%s in the %s stream is repaired and cancelling goes on", (_, bad, where) => {
    const aec = new EchoCanceller({ sampleRate: rate });
    // 6 s: the bad sample lands after convergence (about 4 s here), the last 1.5 s is scored.
    const far = noise(rate * 6, 3);
    const mic = echo(far, 1900);
    const at = rate * 4 + 17;
    if (where === "far") far[at] = bad;
    else mic[at] = bad;
    const out = run(aec, mic, far);
    expect(out.every(Number.isFinite)).toBe(true);
    const s = aec.stats();
    expect(s.repairedSamples).toBe(1);
    expect(s.recoveries).toBe(0);
    expect(Number.isFinite(s.erleDb) && Number.isFinite(s.erleLinearDb)).toBe(true);
    expect(s.converged).toBe(true);
    // The last second is still well cancelled: the state was never poisoned.
    if (where === "far") far[at] = 0;
    else mic[at] = 0;
    const removed = 10 * Math.log10(energy(mic, rate * 4.5) / energy(out, rate * 4.5));
    expect(removed).toBeGreaterThan(25);
    // reset() starts the count again.
    aec.reset();
    expect(aec.stats().repairedSamples).toBe(0);
  });

  it("Int16Array input needs no repair", () => {
    const aec = new EchoCanceller({ sampleRate: 24000 });
    const near = new Int16Array(240).fill(-32768);
    aec.process(near, new Int16Array(240).fill(32767));
    expect(aec.stats().repairedSamples).toBe(0);
  });

  it("a stream of garbage never panics and writes nothing to stderr", () => {
    const r = spawnSync(process.execPath, [fixture("garbage.cjs"), NATIVE_PATH], {
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const { peak, stats } = JSON.parse(r.stdout) as { peak: number; stats: number[] };
    expect(Number.isFinite(peak)).toBe(true);
    expect(peak).toBeLessThanOrEqual(16);
    expect(stats[6]).toBeGreaterThan(0);
    // Every figure finite (index 2, the delay, is NaN until one is established).
    expect(stats.filter((_, i) => i !== 2).every(Number.isFinite)).toBe(true);
  });
});

describe("native memory", () => {
  it("is reported to V8, so dropped cancellers are collected", () => {
    const native = loadNative();
    const h = native.create(16000, 10, 200, 1000);
    expect(native.memory(h)).toBeGreaterThan(100_000);
    native.close(h);
    expect(native.memory(h)).toBe(0);
    // Rounds of created-and-dropped cancellers: RSS levels off instead of growing each round
    // (without the report it grew by ~0.4 MB per canceller, about 350 MB per round here).
    const r = spawnSync(process.execPath, [fixture("churn.cjs"), NATIVE_PATH, "5", "800"], {
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    const rss = JSON.parse(r.stdout) as number[];
    const growth = (rss[4] ?? 0) - (rss[1] ?? 0);
    expect(growth).toBeLessThan(200e6);
  });
});

describe("close", () => {
  it("frees the canceller; later calls throw a usage error; close is idempotent", () => {
    const aec = new EchoCanceller({ sampleRate: 16000 });
    const frame = new Float32Array(aec.frameSize);
    aec.process(frame, frame);
    expect(aec.closed).toBe(false);
    aec.close();
    aec.close();
    expect(aec.closed).toBe(true);
    for (const call of [
      () => aec.process(frame, frame),
      () => aec.render(frame),
      () => aec.capture(frame),
      () => aec.stats(),
      () => aec.reset(),
    ]) {
      expect(call).toThrow(AecUsageError);
      expect(call).toThrow(expect.objectContaining({ code: "aec_closed" }));
    }
  });

  it("`using` closes at the end of the scope", () => {
    let seen: EchoCanceller | undefined;
    {
      using aec = new EchoCanceller({ sampleRate: 24000 });
      seen = aec;
      expect(aec.closed).toBe(false);
    }
    expect(seen.closed).toBe(true);
  });

  it("a closed native handle is refused by the native module too", () => {
    const native = loadNative();
    const h = native.create(16000, 10, 200, 1000);
    native.close(h);
    expect(() => native.reset(h)).toThrow(expect.objectContaining({ code: "aec_closed" }));
  });
});
