import { describe, expect, it } from "vitest";
import { TruncationTracker } from "../../src/stream/index.js";
import { createFakeSpeaker } from "../../src/testing/index.js";

describe("TruncationTracker", () => {
  it("reports the item playing, clamped and floored, and forgets finished items", () => {
    const speaker = createFakeSpeaker();
    const tracker = new TruncationTracker();
    const a = { itemId: "a", contentIndex: 0 };
    const b = { itemId: "b", contentIndex: 0 };
    expect(tracker.playing(speaker)).toBeUndefined();
    tracker.received(a, 48 * 100, "r1");
    speaker.write(new Int16Array(2400), a);
    tracker.completed(a);
    tracker.received(b, 48 * 50, "r2");
    speaker.write(new Int16Array(1200), b);
    speaker.advance(99.9);
    expect(tracker.playing(speaker)).toEqual({ itemId: "a", contentIndex: 0, audioEndMs: 99 });
    speaker.advance(10.5);
    expect(tracker.playing(speaker)).toEqual({ itemId: "b", contentIndex: 0, audioEndMs: 10 });
    expect(tracker.receivedMs(a)).toBe(0); // forgotten once played out
    expect(tracker.receivedMs(b)).toBe(50);
    tracker.responseDone("r2");
    speaker.advance(100);
    expect(tracker.playing(speaker)).toBeUndefined();
  });

  it("refuses audio of interrupted items and keeps a bounded memory of them", () => {
    const speaker = createFakeSpeaker();
    const tracker = new TruncationTracker();
    for (let i = 0; i < 100; i++) {
      expect(tracker.received({ itemId: `i${i}`, contentIndex: 0 }, 48)).toBe(true);
      tracker.interruptAll();
      expect(tracker.received({ itemId: `i${i}`, contentIndex: 0 }, 48)).toBe(false);
    }
    // The oldest are forgotten: the bound holds.
    expect(tracker.received({ itemId: "i0", contentIndex: 0 }, 48)).toBe(true);
    expect(tracker.playing(speaker)).toEqual({ itemId: "i0", contentIndex: 0, audioEndMs: 0 });
  });
});

describe("PlaybackTracker (the former name)", () => {
  it("is the same class as TruncationTracker", async () => {
    const { PlaybackTracker } = await import("../../src/index.js");
    expect(PlaybackTracker).toBe(TruncationTracker);
  });
});
