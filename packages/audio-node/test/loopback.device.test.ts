import { afterEach, describe, expect, it } from "vitest";
import {
  createMicrophone,
  createSpeaker,
  type Microphone,
  type NodeSpeaker,
} from "../src/index.js";
import { deviceAvailable, until } from "./device-helpers.js";

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
    const startFrame = captured.length;
    const signal = chirp();
    speaker.write(signal, { itemId: "chirp", contentIndex: 0 });
    await speaker.drain();
    await until(() => captured.length > startFrame + 25, 5_000, "the echo");
    const recording = new Int16Array(captured.slice(startFrame).reduce((n, c) => n + c.length, 0));
    let o = 0;
    for (const c of captured.slice(startFrame)) {
      recording.set(c, o);
      o += c.length;
    }
    // Cross-correlate: the lag of the best match is the round trip (device out + in + resampling).
    let best = { lag: -1, score: 0 };
    let signalEnergy = 0;
    for (const v of signal) signalEnergy += v * v;
    for (let lag = 0; lag + signal.length <= recording.length; lag += 1) {
      let dot = 0;
      let energy = 0;
      for (let i = 0; i < signal.length; i += 2) {
        const r = recording[lag + i] as number;
        dot += (signal[i] as number) * r;
        energy += r * r;
      }
      const score = dot / Math.sqrt(signalEnergy * 0.5 * energy + 1);
      if (score > best.score) best = { lag, score };
    }
    expect(best.score, "the chirp is in the recording").toBeGreaterThan(0.9);
    const latencyMs = best.lag / 24;
    const stats = speaker.device.stats();
    expect(stats.mode).toBe("duplex");
    expect(stats.state).toBe("running");
    process.stderr.write(
      `loopback round trip: ${latencyMs.toFixed(1)} ms (score ${best.score.toFixed(3)})\n`,
    );
    expect(latencyMs).toBeGreaterThan(0);
    expect(latencyMs).toBeLessThan(500);
  });
});
