import { afterEach, describe, expect, it } from "vitest";
import {
  createMicrophone,
  createSpeaker,
  type Microphone,
  type NodeSpeaker,
} from "../src/index.js";
import { deviceAvailable, streamsOn, until } from "./device-helpers.js";

const available = await deviceAvailable();

/** A 100 ms linear chirp 300 Hz -> 6 kHz at 24 kHz, half scale. */
function chirp(): Int16Array {
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

describe.skipIf(!available)("loopback through the real device", () => {
  let speaker: NodeSpeaker | undefined;
  let mic: Microphone | undefined;
  afterEach(async () => {
    await speaker?.close();
    await mic?.close();
  });

  it("captures a chirp played through createSpeaker; reports the round-trip latency", async () => {
    speaker = createSpeaker();
    mic = createMicrophone({ aec: false });
    const captured: Int16Array[] = [];
    mic.subscribe({ frame: (s) => captured.push(s.slice()), end: () => {} });
    await mic.device.ready;
    expect(speaker.device).toBe(mic.device); // one duplex stream for both
    // Wait for real capture data, then let it settle.
    await until(() => captured.length > 10, 10_000, "capture data");
    // On the run's own null sink (test/device-sink.global.ts), not the machine's default one.
    if (process.env.PULSE_SINK !== undefined)
      expect(streamsOn(process.env.PULSE_SINK)).toEqual({ playing: 1, recording: 1 });
    const signal = chirp();
    // Cross-correlate: the lag of the best match is the round trip (device out + in + resampling).
    // The device runs at 48 kHz, so the round trip is often an odd number of its samples: half a
    // sample at 24 kHz, which alone costs the 6 kHz end of the chirp 3 dB of correlation. Scored
    // at whole lags and, around the best, half-way between them (windowed-sinc interpolation).
    const score = (x: ArrayLike<number>, lag: number) => {
      let dot = 0;
      let energy = 0;
      let signalEnergy = 0;
      for (let i = 0; i < signal.length; i++) {
        const r = (x[lag + i] as number | undefined) ?? 0;
        const v = signal[i] as number;
        dot += v * r;
        energy += r * r;
        signalEnergy += v * v;
      }
      return dot / Math.sqrt(signalEnergy * energy + 1);
    };
    const playAndFind = async () => {
      const startFrame = captured.length;
      speaker?.write(signal, { itemId: "chirp", contentIndex: 0 });
      await speaker?.drain();
      await until(() => captured.length > startFrame + 25, 5_000, "the echo");
      const recording = new Int16Array(
        captured.slice(startFrame).reduce((n, c) => n + c.length, 0),
      );
      let o = 0;
      for (const c of captured.slice(startFrame)) {
        recording.set(c, o);
        o += c.length;
      }
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
    };
    // A device glitch (an xrun, underrun or late callback: a missed deadline on this shared
    // machine) drops part of the chirp: then, and only then, it is played again (at most 3 times); the bar is the same.
    let best = { lag: -1, score: 0 };
    const xrunsSeen: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const glitches = () => {
        const st = speaker?.device.stats();
        return st === undefined ? 0 : st.xruns + st.underruns + st.lateCallbacks;
      };
      const before = glitches();
      best = await playAndFind();
      const glitched = glitches() > before;
      if (best.score > 0.9 || !glitched) break;
      xrunsSeen.push(best.score);
    }
    expect(
      best.score,
      `the chirp is in the recording (${JSON.stringify(speaker.device.stats())}; scores of attempts with an xrun: ${xrunsSeen.join(", ")})`,
    ).toBeGreaterThan(0.9);
    const latencyMs = best.lag / 24;
    const stats = speaker.device.stats();
    expect(stats.mode).toBe("duplex");
    expect(stats.state).toBe("running");
    process.stderr.write(
      `loopback round trip: ${latencyMs.toFixed(1)} ms (score ${best.score.toFixed(3)}; replayed after an xrun: ${xrunsSeen.length})\n`,
    );
    expect(latencyMs).toBeGreaterThan(0);
    expect(latencyMs).toBeLessThan(500);
  });
});
