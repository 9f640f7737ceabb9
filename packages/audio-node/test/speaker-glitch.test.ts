import { afterEach, describe, expect, it, vi } from "vitest";
import { createSpeaker } from "../src/index.js";
import { FakeBackend, type FakeStream } from "./fake-backend.js";

const position = { itemId: "a", contentIndex: 0 };

/** Milliseconds of item audio the fake device played, and played plus held (unrecallable). */
function truth(stream: FakeStream): { played: number; committed: number } {
  const played = stream.played.filter((c) => c.tag >= 0).length * 20;
  return { played, committed: played + stream.queue.slice(0, stream.prime).length * 20 };
}

describe("createSpeaker: device glitches do not shift what was played (fake duplex backend)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("after an xrun and a late callback (the device stalled 200 ms), playedMs and heardMs match what the device played", async () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    const backend = new FakeBackend();
    const speaker = createSpeaker({ backend, outputLatencyMs: 40 });
    const stream = backend.stream;
    stream.prime = 2; // like the host: two chunks handed to the device ahead
    speaker.write(new Int16Array(24 * 2000).fill(3000), position);
    const step = (glitch?: "late" | "xrun") => {
      vi.advanceTimersByTime(20);
      stream.tick(undefined, glitch);
    };
    for (let i = 0; i < 10; i++) step();
    step("xrun");
    step();
    expect(speaker.playedMs(position)).toBe(truth(stream).committed);
    // The device stalls: 200 ms without a callback. Nothing was handed over meanwhile, so
    // nothing more counts (a guess from the clock would add up to three chunks here, and core's
    // stream keeps the larger of this and the flush's answer).
    const before = truth(stream);
    vi.advanceTimersByTime(200);
    expect(speaker.playedMs(position)).toBe(before.committed);
    // heardMs: the output latency (two chunks) behind, plus at most the chunk playing now.
    const heard = speaker.heardMs(position);
    expect(heard).toBeGreaterThanOrEqual(before.played - 40);
    expect(heard).toBeLessThanOrEqual(before.played - 40 + 20);
    step("late");
    step();
    expect(speaker.device.stats()).toMatchObject({ xruns: 1, lateCallbacks: 1 });
    // Barge-in: what the truncate gets is what the device will have played, exactly.
    const atStop = truth(stream);
    await speaker.stop();
    expect(speaker.playedMs(position)).toBe(atStop.committed);
    for (let i = 0; i < 5; i++) step();
    expect(truth(stream).played).toBe(atStop.committed);
    expect(speaker.heardMs(position)).toBe(atStop.committed);
    expect(speaker.playedMs(position)).toBe(atStop.committed);
    await speaker.close();
  });
});
