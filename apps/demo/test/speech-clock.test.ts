import { describe, expect, it } from "vitest";
import { SpeechClock } from "../src/voice/speech-clock.js";

describe("SpeechClock", () => {
  it("maps input-timeline positions to the wall time they were captured", () => {
    const clock = new SpeechClock();
    // 20 ms frames (480 samples) captured at 1000, 1020, then a gap (muted) and 5000.
    clock.frame(480, 1000);
    clock.frame(480, 1020);
    clock.frame(480, 5000);
    expect(clock.positionMs).toBe(60);
    expect(clock.wallTimeOf(0)).toBe(1000);
    expect(clock.wallTimeOf(10)).toBe(1010);
    expect(clock.wallTimeOf(25)).toBe(1025);
    // The third frame starts at 40 ms of audio but was captured after the gap.
    expect(clock.wallTimeOf(45)).toBe(5005);
    expect(clock.wallTimeOf(60)).toBe(5020);
  });

  it("does not guess outside what it has seen", () => {
    const clock = new SpeechClock();
    expect(clock.wallTimeOf(0)).toBeUndefined();
    clock.frame(480, 1000);
    expect(clock.wallTimeOf(21)).toBeUndefined();
    expect(clock.wallTimeOf(-1)).toBeUndefined();
  });

  it("forgets old frames but keeps the newest", () => {
    const clock = new SpeechClock();
    for (let i = 0; i < 5000; i++) clock.frame(480, i * 20);
    expect(clock.wallTimeOf(0)).toBeUndefined();
    expect(clock.wallTimeOf(4999 * 20 + 5)).toBe(4999 * 20 + 5);
  });
});
