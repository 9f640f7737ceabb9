import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import {
  createMicrophone,
  createSpeaker,
  type Microphone,
  type NodeSpeaker,
} from "../src/index.js";
import { chirp, joined, locate } from "./chirp.js";
import { deviceAvailable, espeak, PARAGRAPH, pulseTools, until } from "./device-helpers.js";
import { sine } from "./signals.js";

const available = (await deviceAvailable()) && pulseTools();

/** The audio host processes this test process runs (each open device has one). */
function hosts(): number {
  try {
    return execFileSync("ps", ["-o", "args=", "--ppid", String(process.pid)], { encoding: "utf8" })
      .split("\n")
      .filter((line) => line.includes("naudiodon-host")).length;
  } catch {
    return 0; // ps exits 1 when there is no child
  }
}

/** `promise`, or an error with `detail()` after `ms` (a stalled device must fail the test, not hang it). */
async function within<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  detail: () => unknown,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took over ${ms} ms: ${JSON.stringify(detail())}`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Energy of `x` from sample `from` on. */
function energy(x: Int16Array, from: number): number {
  let sum = 0;
  for (let i = from; i < x.length; i++) sum += (x[i] as number) ** 2;
  return sum;
}

describe.skipIf(!available)("two streams (input and output opened apart) on real devices", () => {
  let speaker: NodeSpeaker | undefined;
  const mics: Microphone[] = [];
  afterEach(async () => {
    await speaker?.close();
    for (const mic of mics.splice(0)) await mic.close();
    // The device lingers 1.5 s after its last user; the next test opens a fresh one.
    await until(() => hosts() === 0, 10_000, "the audio host to exit");
  });

  it("plays and captures a chirp; stats say two-streams and why; playout counts what the device consumed; closes cleanly", async () => {
    speaker = createSpeaker({ mode: "two-streams" });
    const mic = createMicrophone({ mode: "two-streams", aec: false });
    mics.push(mic);
    expect(speaker.device).toBe(mic.device); // still one shared device for both
    const captured: Int16Array[] = [];
    mic.subscribe({ frame: (s) => captured.push(s.slice()), end: () => {} });
    await mic.device.ready;
    await until(() => captured.length > 10, 10_000, "capture data");
    const stats = speaker.device.stats();
    expect(stats.mode).toBe("two-streams");
    expect(stats.modeReason).toMatch(/forced by the mode option/);
    expect(stats.state).toBe("running");

    // The chirp comes back on the mic; a glitch on this shared machine may cost it, then it is
    // played again (at most 3 times; the bar is the same).
    const signal = chirp();
    let best = { lag: -1, score: 0 };
    for (let attempt = 0; attempt < 3 && best.score <= 0.9; attempt++) {
      const startFrame = captured.length;
      speaker.write(signal, { itemId: `chirp_${attempt}`, contentIndex: 0 });
      const device = speaker.device;
      await within(speaker.drain(), 10_000, "draining the chirp", () => device.stats());
      await until(() => captured.length > startFrame + 25, 5_000, "the echo");
      best = locate(joined(captured.slice(startFrame)), signal);
    }
    expect(best.score, JSON.stringify(speaker.device.stats())).toBeGreaterThan(0.9);
    const latencyMs = best.lag / 24;
    process.stderr.write(
      `two-streams loopback round trip: ${latencyMs.toFixed(1)} ms (score ${best.score.toFixed(3)})\n`,
    );
    expect(latencyMs).toBeGreaterThan(0);
    expect(latencyMs).toBeLessThan(500);

    // Playout accounting follows what the output stream consumed, not what was written: right
    // after writing 1 s, little of it has been taken; once drained, all of it, to the sample.
    const tone = { itemId: "tone", contentIndex: 0 };
    speaker.write(sine(440, 24000, 24000, 8000), tone);
    expect(speaker.playedMs(tone)).toBeLessThan(300);
    await until(() => speaker?.playedMs(tone) !== 0, 2_000, "the first chunk to be consumed");
    const partway = speaker.playedMs(tone);
    expect(partway).toBeLessThan(1000);
    const device = speaker.device;
    await within(speaker.drain(), 10_000, "draining the tone", () => device.stats());
    expect(speaker.playedMs(tone)).toBe(1000);
    expect(speaker.heardMs(tone)).toBe(1000);
    expect(speaker.queuedMs).toBe(0);

    // Close: both handles released, the device closes after its linger, the host exits.
    await speaker.close();
    await mic.close();
    await until(() => device.stats().state === "closed", 5_000, "the device to close");
    await until(() => hosts() === 0, 5_000, "the audio host to exit");
    expect(device.stats().error).toBeUndefined();
  });

  // Duplex too, on the same sink (the run's own, test/device-sink.global.ts): the figure two
  // streams are compared with.
  it.each(["two-streams", "duplex"] as const)(
    "cancels the echo of what was played (ERLE on the null-sink loop): %s",
    async (mode) => {
      speaker = createSpeaker({ mode });
      const raw = createMicrophone({ mode, aec: false });
      const clean = createMicrophone({ mode });
      mics.push(raw, clean);
      const rawFrames: Int16Array[] = [];
      const cleanFrames: Int16Array[] = [];
      raw.subscribe({ frame: (s) => rawFrames.push(s.slice()), end: () => {} });
      clean.subscribe({ frame: (s) => cleanFrames.push(s.slice()), end: () => {} });
      await speaker.device.ready;
      await until(() => rawFrames.length > 10, 10_000, "capture data");
      const voice = espeak(PARAGRAPH).subarray(0, 24000 * 10);
      const from = rawFrames.length;
      const cleanFrom = cleanFrames.length;
      speaker.write(voice, { itemId: "voice", contentIndex: 0 });
      const device = speaker.device;
      await within(speaker.drain(), 30_000, "draining the voice", () => device.stats());
      await new Promise((r) => setTimeout(r, 300)); // the tail of the echo
      const stats = speaker.device.stats();
      expect(stats.mode).toBe(mode);
      const r = joined(rawFrames.slice(from));
      const c = joined(cleanFrames.slice(cleanFrom));
      // The first 3 s are the canceller's to find the delay and converge; ERLE over the rest.
      const settle = 3 * 24000;
      const erleDb = 10 * Math.log10(energy(r, settle) / (energy(c, settle) + 1));
      const aec = stats.aec?.enabled === true ? stats.aec : undefined;
      process.stderr.write(
        `${mode} echo cancellation: ${erleDb.toFixed(1)} dB removed after 3 s (canceller: erle ${aec?.erleDb.toFixed(1)} dB, delay ${aec?.delayMs?.toFixed(1)} ms, resets ${aec?.resets}; realigns ${stats.realigns}, late ${stats.lateCallbacks}, xruns ${stats.xruns})\n`,
      );
      expect(energy(r, settle)).toBeGreaterThan(0); // the echo is there to cancel
      expect(erleDb, JSON.stringify(stats)).toBeGreaterThan(20);
    },
  );
});
