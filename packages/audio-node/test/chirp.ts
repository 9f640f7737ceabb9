/** A chirp and where it is in a recording: the loopback measurements of the device tests. */

/** A 100 ms linear chirp 300 Hz -> 6 kHz at 24 kHz, half scale. */
export function chirp(): Int16Array {
  const n = 2400;
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / 24000;
    out[i] = Math.round(
      16000 *
        Math.sin(2 * Math.PI * (300 * t + ((6000 - 300) / (2 * 0.1)) * t * t)) *
        Math.sin((Math.PI * i) / n),
    );
  }
  return out;
}

/** `x` read half a sample later: `out[i]` is `x` at `i + 0.5` (32-tap Hann-windowed sinc). */
function halfSampleLater(x: Int16Array): Float64Array {
  const taps = 16;
  const h: number[] = [];
  for (let k = -taps + 1; k <= taps; k++) {
    const d = k - 0.5;
    const w = 0.5 + 0.5 * Math.cos((Math.PI * d) / (taps + 0.5));
    h.push((Math.sin(Math.PI * d) / (Math.PI * d)) * w);
  }
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let acc = 0;
    for (let j = 0; j < h.length; j++)
      acc += (h[j] as number) * ((x[i + j - taps + 1] as number | undefined) ?? 0);
    out[i] = acc;
  }
  return out;
}

/** Concatenates captured chunks. */
export function joined(chunks: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/**
 * Where `signal` is in `recording`: the lag (24 kHz samples) of the best normalised
 * cross-correlation and its score (1 = identical shape). The device runs at 48 kHz, so a round
 * trip is often an odd number of its samples: half a sample at 24 kHz, which alone costs the
 * 6 kHz end of the chirp 3 dB of correlation. So it is scored at whole lags and, around the
 * best, half-way between them (windowed-sinc interpolation).
 */
export function locate(recording: Int16Array, signal: Int16Array): { lag: number; score: number } {
  let signalEnergy = 0;
  for (let i = 0; i < signal.length; i++) signalEnergy += (signal[i] as number) ** 2;
  const score = (x: ArrayLike<number>, lag: number) => {
    let dot = 0;
    let energy = 0;
    for (let i = 0; i < signal.length; i++) {
      const r = (x[lag + i] as number | undefined) ?? 0;
      dot += (signal[i] as number) * r;
      energy += r * r;
    }
    return dot / Math.sqrt(signalEnergy * energy + 1);
  };
  let found = { lag: -1, score: 0 };
  for (let lag = 0; lag + signal.length <= recording.length; lag += 1) {
    const s = score(recording, lag);
    if (s > found.score) found = { lag, score: s };
  }
  const half = halfSampleLater(recording);
  for (const lag of [found.lag - 1, found.lag]) {
    if (lag < 0) continue;
    const s = score(half, lag);
    if (s > found.score) found = { lag: lag + 0.5, score: s };
  }
  return found;
}
