import { describe, expect, it } from "vitest";
import { createSpeaker, Resampler } from "../src/index.js";
import { FakeBackend } from "./fake-backend.js";

const item = (itemId: string) => ({ itemId, contentIndex: 0 });
/** 5 ms at 48 kHz: the fade's length. */
const FADE = 240;

const DELAY = new Resampler({ from: 24000, to: 48000 }).delay;

/**
 * A 500 Hz cosine at 24 kHz, amplitude 16000, samples `from` to `from + n` of it
 * (phase-continuous across calls), at its peak where the speaker's resampler puts device
 * sample `peakAt`: where a cut to silence would click loudest.
 */
function tone(from: number, n: number, peakAt: number): Int16Array {
  const out = new Int16Array(n);
  const peak = (peakAt - DELAY) / 2;
  for (let i = 0; i < n; i++)
    out[i] = Math.round(16000 * Math.cos((2 * Math.PI * 500 * (from + i - peak)) / 24000));
  return out;
}

function maxStep(x: Int16Array, from = 0, to = x.length): number {
  let max = 0;
  for (let i = Math.max(1, from); i < to; i++)
    max = Math.max(max, Math.abs((x[i] as number) - (x[i - 1] as number)));
  return max;
}

function concat(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe("createSpeaker: underruns fade (fake duplex backend)", () => {
  it("a queue that runs dry mid-item fades out and the item fades back in: no click, the audio otherwise bit-exact", async () => {
    const backend = new FakeBackend();
    const speaker = createSpeaker({ backend, outputLatencyMs: 0 });
    const stream = backend.stream;
    // 50 ms, then the network is late by two chunks, then the next 50 ms of the same item.
    const first = tone(0, 1200, 2399);
    const second = tone(1200, 1200, 2399);
    speaker.write(first, item("a"));
    for (let i = 0; i < 5; i++) stream.tick();
    speaker.write(second, item("a"));
    for (let i = 0; i < 6; i++) stream.tick();

    // What the device would have played without an underrun: the same resampler, same writes.
    const resampler = new Resampler({ from: 24000, to: 48000 });
    const ref = concat([resampler.process(first), resampler.process(second)]);
    // The cut falls where the tone is loud: cut to silence, it would step by thousands.
    expect(Math.abs(ref[2399] as number)).toBeGreaterThan(8000);
    const out = concat(stream.played.map((c) => c.samples));
    // Chunks: 2 full, the last 10 ms padded with the fade-out, 2 of silence, 2 full (the first
    // fading in), the last 10 ms padded with its fade-out, silence.
    const at = (chunk: number, sample = 0) => chunk * 960 + sample;
    // Bit-exact everywhere but the fades.
    expect(out.subarray(0, at(2, 480))).toEqual(ref.subarray(0, 2400));
    expect(out.subarray(at(5, FADE), at(7))).toEqual(ref.subarray(2400 + FADE, 4320));
    expect(out.subarray(at(7), at(7, 480))).toEqual(ref.subarray(4320, 4800));
    // Fade-out: starts at the last sample played, mirrors the tone down to silence over 5 ms.
    expect(out[at(2, 480)]).toBe(ref[2399]);
    expect(out.subarray(at(2, 480 + FADE), at(5)).every((v) => v === 0)).toBe(true);
    // No step at the underrun boundaries larger than the tone's own steps plus 32767 / 240.
    const bound = maxStep(ref) + Math.ceil(32767 / FADE);
    const fadeOutStep = maxStep(out, at(2, 470), at(3));
    const fadeInStep = maxStep(out, at(4, 950), at(5, FADE + 10));
    const endStep = maxStep(out, at(7, 470), at(8));
    expect(fadeOutStep).toBeLessThanOrEqual(bound);
    expect(fadeInStep).toBeLessThanOrEqual(bound);
    expect(endStep).toBeLessThanOrEqual(bound);
    process.stderr.write(
      `underrun fade: max step ${fadeOutStep} (fade-out), ${fadeInStep} (fade-in), ${endStep} (item end); the tone's own ${maxStep(ref)}; cut to silence: ${Math.abs(ref[2399] as number)}\n`,
    );
    // Fading changes no accounting: all 100 ms played, one underrun.
    expect(speaker.playedMs(item("a"))).toBe(100);
    expect(speaker.device.stats().underruns).toBe(1);
    await speaker.close();
  });

  it("a queue that runs dry after a whole chunk gets nothing more from the speaker: audio arriving in time plays on seamlessly", async () => {
    const backend = new FakeBackend();
    const speaker = createSpeaker({ backend, outputLatencyMs: 0 });
    const stream = backend.stream;
    stream.prime = 1; // like the host: the device holds a chunk ahead, so a write still makes it
    const first = tone(0, 960, 1919); // exactly two chunks
    speaker.write(first, item("a"));
    stream.tick();
    expect(stream.queue).toHaveLength(1); // the held chunk only: no fade queued behind it
    const second = tone(960, 480, 1919);
    speaker.write(second, item("a"));
    for (let i = 0; i < 3; i++) stream.tick();
    const resampler = new Resampler({ from: 24000, to: 48000 });
    const ref = concat([resampler.process(first), resampler.process(second)]);
    const out = concat(stream.played.slice(0, 3).map((c) => c.samples));
    expect(out).toEqual(ref);
    expect(speaker.device.stats().underruns).toBe(0);
    await speaker.close();
  });

  it("a new item after a fade-out starts as written (no fade-in), and a stop leaves its fade to the device", async () => {
    const backend = new FakeBackend();
    const speaker = createSpeaker({ backend, outputLatencyMs: 0 });
    const stream = backend.stream;
    const a = tone(0, 480, 959);
    speaker.write(a, item("a"));
    for (let i = 0; i < 3; i++) stream.tick();
    const b = tone(0, 960, 0);
    speaker.write(b, item("b"));
    stream.tick();
    const resampler = new Resampler({ from: 24000, to: 48000 });
    resampler.process(a);
    const ref = resampler.process(b);
    expect(Math.abs(ref[0] as number)).toBeGreaterThan(8000);
    expect(stream.played[3]?.samples).toEqual(ref.subarray(0, 960));
    await speaker.stop();
    expect(stream.queue).toHaveLength(0);
    stream.tick();
    // After a stop the speaker sends no fade of its own (the device fades from what it holds).
    expect(stream.queue).toHaveLength(0);
    await speaker.close();
  });
});
