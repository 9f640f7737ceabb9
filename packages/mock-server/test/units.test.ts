import { describe, expect, it } from "vitest";
import { alawToLinear, linearToAlaw, linearToUlaw, ulawToLinear } from "../src/audio/g711.js";
import { makeId } from "../src/ids.js";
import { pcm16Silence, pcm16SpeechLike, pcm16Tone } from "../src/index.js";
import { maxDurationReason } from "../src/limits.js";
import { EnergyVad, thresholdToDbfs } from "../src/vad.js";

describe("ids", () => {
  it("are a prefix and 21 base62 characters, and differ", () => {
    const ids = new Set(Array.from({ length: 200 }, () => makeId("item")));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^item_[0-9A-Za-z]{21}$/);
  });
});

describe("limits", () => {
  it("the documented 60-minute reason", () => {
    expect(maxDurationReason(3_600_000)).toBe(
      "Your session hit the maximum duration of 60 minutes.",
    );
    expect(maxDurationReason(1500)).toBe("Your session hit the maximum duration of 1.5 seconds.");
  });
});

describe("G.711", () => {
  it("μ-law and A-law round trips stay within the codec's step size", () => {
    for (const s of [-32000, -1000, -10, 0, 10, 1000, 32000]) {
      expect(Math.abs(ulawToLinear(linearToUlaw(s)) - s)).toBeLessThanOrEqual(
        Math.max(8, Math.abs(s) / 16),
      );
      expect(Math.abs(alawToLinear(linearToAlaw(s)) - s)).toBeLessThanOrEqual(
        Math.max(16, Math.abs(s) / 16),
      );
    }
  });
});

describe("EnergyVad", () => {
  const settings = { threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 200 };

  it("maps the threshold to a level between -70 and -10 dBFS", () => {
    expect(thresholdToDbfs(0)).toBe(-70);
    expect(thresholdToDbfs(0.5)).toBe(-40);
    expect(thresholdToDbfs(1)).toBe(-10);
  });

  it("finds one turn in silence, tone, silence, whatever the chunking", () => {
    const audio = new Int16Array([...pcm16Silence(500), ...pcm16Tone(400), ...pcm16Silence(400)]);
    for (const chunk of [1, 7, 480, audio.length]) {
      const vad = new EnergyVad(settings, 24000);
      const events = [];
      for (let i = 0; i < audio.length; i += chunk)
        events.push(...vad.push(audio.subarray(i, i + chunk)));
      expect(events).toEqual([
        { type: "speech_started", audioStartMs: 200 },
        { type: "speech_stopped", audioEndMs: 1100 },
      ]);
    }
  });

  it("ignores a click shorter than 30 ms", () => {
    const vad = new EnergyVad(settings, 24000);
    expect(
      vad.push(new Int16Array([...pcm16Silence(100), ...pcm16Tone(20), ...pcm16Silence(300)])),
    ).toEqual([]);
  });

  it("speech-like audio is detected as speech", () => {
    const vad = new EnergyVad(settings, 24000);
    const events = vad.push(new Int16Array([...pcm16SpeechLike(800), ...pcm16Silence(400)]));
    expect(events.map((e) => e.type)).toEqual(["speech_started", "speech_stopped"]);
  });
});
