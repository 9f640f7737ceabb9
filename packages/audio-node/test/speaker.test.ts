import { describe, expect, it, vi } from "vitest";
import {
  AudioDeviceGoneError,
  AudioNodeUsageError,
  createSpeaker,
  MIN_DBFS,
} from "../src/index.js";
import { FakeBackend } from "./fake-backend.js";

const item = (itemId: string) => ({ itemId, contentIndex: 0 });
const ms = (n: number, value = 1000) => new Int16Array(n * 24).fill(value);

describe("createSpeaker (fake duplex backend)", () => {
  it("resamples to the device rate and writes whole 20 ms chunks, padding only the last", async () => {
    const backend = new FakeBackend();
    const speaker = createSpeaker({ backend, outputLatencyMs: 0 });
    speaker.write(ms(50), item("a"));
    const stream = backend.stream;
    expect(stream.queue.map((c) => c.samples.length)).toEqual([960, 960]);
    stream.tick();
    stream.tick();
    // The backend ran dry with 10 ms left: it goes out padded with silence.
    expect(stream.queue).toHaveLength(1);
    await speaker.close();
  });

  it("counts from what the device consumed, never from what was written; heardMs subtracts the output latency", async () => {
    const backend = new FakeBackend();
    const speaker = createSpeaker({ backend, outputLatencyMs: 40 });
    speaker.write(ms(200), item("a"));
    expect(speaker.playedMs(item("a"))).toBe(0);
    const stream = backend.stream;
    stream.tick();
    stream.tick();
    expect(speaker.playedMs(item("a"))).toBe(40);
    // Both chunks still inside the 40 ms output latency.
    expect(speaker.heardMs(item("a"))).toBeLessThanOrEqual(20);
    stream.tick();
    stream.tick();
    expect(speaker.playedMs(item("a"))).toBe(80);
    const heard = speaker.heardMs(item("a"));
    expect(heard).toBeGreaterThanOrEqual(40);
    expect(heard).toBeLessThanOrEqual(60);
    expect(speaker.queuedMs).toBeCloseTo(200 - 40, -1);
    await speaker.close();
  });

  it("counts the chunks the device already holds: they play out even after stop", async () => {
    const backend = new FakeBackend();
    const speaker = createSpeaker({ backend, outputLatencyMs: 0 });
    const stream = backend.stream;
    stream.prime = 2;
    speaker.write(ms(400), item("a"));
    stream.tick();
    // One consumed, two more in the device: 60 ms will have been heard whatever happens next.
    expect(speaker.playedMs(item("a"))).toBe(60);
    await speaker.stop();
    expect(stream.queue).toHaveLength(2);
    expect(speaker.playedMs(item("a"))).toBe(60);
    for (let i = 0; i < 4; i++) stream.tick();
    expect(speaker.playedMs(item("a"))).toBe(60);
    expect(speaker.heardMs(item("a"))).toBe(60);
    expect(speaker.queuedMs).toBe(0);
    await speaker.close();
  });

  it("attributes a chunk holding the end of one item and the start of the next to both", async () => {
    const backend = new FakeBackend();
    const speaker = createSpeaker({ backend, outputLatencyMs: 0 });
    speaker.write(ms(30), item("a"));
    speaker.write(ms(30), item("b"));
    for (let i = 0; i < 3; i++) backend.stream.tick();
    expect(speaker.playedMs(item("a"))).toBe(30);
    expect(speaker.playedMs(item("b"))).toBe(30);
    await speaker.close();
  });

  it("stop drops what is queued; chunks already consumed still count as heard", async () => {
    const backend = new FakeBackend();
    const speaker = createSpeaker({ backend, outputLatencyMs: 40 });
    speaker.write(ms(1000), item("a"));
    const stream = backend.stream;
    for (let i = 0; i < 5; i++) stream.tick();
    const before = speaker.heardMs(item("a"));
    const committed = speaker.playedMs(item("a"));
    await speaker.stop();
    expect(stream.flushes).toBe(1);
    expect(stream.queue).toHaveLength(0);
    for (let i = 0; i < 5; i++) stream.tick();
    // The 40 ms that were in the device when it stopped played out, nothing more.
    expect(speaker.heardMs(item("a"))).toBeCloseTo(before + 40, 0);
    expect(speaker.playedMs(item("a"))).toBe(committed);
    expect(speaker.queuedMs).toBe(0);
    // Writes play again after a stop.
    speaker.write(ms(20), item("b"));
    expect(stream.queue).toHaveLength(1);
    await speaker.close();
  });

  it("heardMs never decreases, also between callbacks", async () => {
    const backend = new FakeBackend();
    const speaker = createSpeaker({ backend, outputLatencyMs: 20 });
    speaker.write(ms(500), item("a"));
    let last = 0;
    for (let i = 0; i < 30; i++) {
      backend.stream.tick();
      for (let j = 0; j < 3; j++) {
        const now = speaker.heardMs(item("a"));
        expect(now).toBeGreaterThanOrEqual(last);
        last = now;
      }
    }
    expect(last).toBe(500);
    await speaker.close();
  });

  it("drain resolves once everything written was heard", async () => {
    const backend = new FakeBackend();
    const speaker = createSpeaker({ backend, outputLatencyMs: 0 });
    speaker.write(ms(40), item("a"));
    let drained = false;
    const done = speaker.drain().then(() => {
      drained = true;
    });
    backend.stream.tick();
    await Promise.resolve();
    expect(drained).toBe(false);
    backend.stream.tick();
    await done;
    expect(drained).toBe(true);
    await speaker.close();
  });

  it("sets the volume on the device (applied as chunks play), validates it, and meters the output", async () => {
    const backend = new FakeBackend();
    const speaker = createSpeaker({ backend, outputLatencyMs: 0 });
    const levels: number[] = [];
    speaker.onLevel((l) => levels.push(l.rmsDbfs));
    speaker.setVolume(0.5);
    expect(backend.stream.volume).toBe(0.5);
    expect(speaker.volume).toBe(0.5);
    expect(() => speaker.setVolume(5)).toThrow(AudioNodeUsageError);
    expect(() => speaker.setVolume(Number.NaN)).toThrow(/between 0 and 4/);
    speaker.write(ms(20, 16384), item("a"));
    backend.stream.tick();
    backend.stream.tick();
    // 16384 at half volume: -12 dBFS (a few tenths off at the chunk's resampler start).
    expect(levels[0]).toBeGreaterThan(-13);
    expect(levels[0]).toBeLessThan(-11);
    expect(levels[1]).toBe(MIN_DBFS);
    await speaker.close();
  });

  it("counts underruns: silence between two chunks of an item", async () => {
    const backend = new FakeBackend();
    const speaker = createSpeaker({ backend, outputLatencyMs: 0 });
    speaker.write(ms(20), item("a"));
    backend.stream.tick();
    backend.stream.tick(); // the network is late: silence
    speaker.write(ms(20), item("a"));
    backend.stream.tick();
    expect(speaker.device.stats().underruns).toBe(1);
    await speaker.close();
  });

  it("a device fault ends playback with the typed error: reported once, later writes throw it", async () => {
    const backend = new FakeBackend();
    const onError = vi.fn();
    const speaker = createSpeaker({ backend, onError });
    speaker.write(ms(100), item("a"));
    const drained = speaker.drain();
    const gone = new AudioDeviceGoneError("unplugged");
    backend.stream.fail(gone);
    await expect(drained).rejects.toBe(gone);
    expect(onError).toHaveBeenCalledWith(gone);
    expect(() => speaker.write(ms(20), item("a"))).toThrow(gone);
    expect(speaker.device.stats()).toMatchObject({ state: "failed", error: gone });
    expect(backend.stream.closed).toBe(true);
    await speaker.close();
    // The next speaker gets a fresh device.
    const next = createSpeaker({ backend });
    expect(backend.streams).toHaveLength(2);
    await next.close();
  });

  it("is closed for good after close()", async () => {
    const backend = new FakeBackend();
    const speaker = createSpeaker({ backend });
    await speaker.close();
    await speaker.close();
    expect(() => speaker.write(ms(20), item("a"))).toThrow(/closed; create a new one/);
  });
});
