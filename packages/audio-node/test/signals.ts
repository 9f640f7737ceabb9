/** Test signals and measurements shared by the resampler tests and benchmarks. */

/** A sine of `hz` at `rate`, `amplitude` peak, as PCM16. */
export function sine(hz: number, rate: number, samples: number, amplitude = 16000): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++)
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate));
  return out;
}

/** A logarithmic sine sweep from `f0` to `f1` Hz. */
export function sweep(
  f0: number,
  f1: number,
  rate: number,
  samples: number,
  amplitude = 16000,
): Int16Array {
  const out = new Int16Array(samples);
  const duration = samples / rate;
  const k = Math.log(f1 / f0);
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    const phase = ((2 * Math.PI * f0 * duration) / k) * (Math.exp((t / duration) * k) - 1);
    out[i] = Math.round(amplitude * Math.sin(phase));
  }
  return out;
}

/** Peak amplitude of the `hz` component of `x` (least squares over the whole array; use whole periods or long arrays). */
export function amplitudeAt(x: ArrayLike<number>, hz: number, rate: number): number {
  let c = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const w = (2 * Math.PI * hz * i) / rate;
    c += (x[i] as number) * Math.cos(w);
    s += (x[i] as number) * Math.sin(w);
  }
  return (2 * Math.hypot(c, s)) / x.length;
}

/** Root mean square. */
export function rms(x: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < x.length; i++) e += (x[i] as number) ** 2;
  return Math.sqrt(e / Math.max(1, x.length));
}

/** Runs `input` through `process` in chunks of `chunk` samples and joins the outputs. */
export function inChunks(
  input: Int16Array,
  chunk: number,
  process: (x: Int16Array) => Int16Array,
): Int16Array {
  const parts: Int16Array[] = [];
  for (let i = 0; i < input.length; i += chunk) parts.push(process(input.subarray(i, i + chunk)));
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
