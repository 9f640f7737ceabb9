import { pcm16SpeechLike, pcm16Tone, type Turn } from "@echo/mock-server";
import { describe, expect, it } from "vitest";
import { demoBehavior, GREETING, HEARD } from "../src/mock/demo-behavior.js";
import { espeakVoice, parseWav, resampleLinear } from "../src/mock/speak.js";

const turn = (input: Turn["input"], modality: Turn["modality"] = "audio"): Turn => ({
  input,
  modality,
  instructions: "",
  tools: [],
  index: 0,
});

describe("demoBehavior", () => {
  const voice = pcm16Tone(200);
  const behavior = demoBehavior((text) => (text === "" ? undefined : voice));

  it("greets first", async () => {
    const reply = await behavior.reply(turn([]));
    expect(reply).toEqual([{ type: "message", text: GREETING, audio: voice }]);
  });

  it("says 'You said:' and then plays the user's own audio back", async () => {
    const said = pcm16SpeechLike(1500);
    const [part] = await behavior.reply(
      turn([{ id: "item_1", type: "message", role: "user", text: "", audio: said }]),
    );
    if (part?.type !== "message" || part.audio === undefined) throw new Error("no audio reply");
    expect(part.text).toBe(`${HEARD} (1.5 s of speech)`);
    // The spoken line, a 150 ms pause, then the user's samples unchanged.
    expect(part.audio.length).toBe(voice.length + 3600 + said.length);
    expect(part.audio.subarray(0, voice.length)).toEqual(voice);
    expect(part.audio.subarray(voice.length + 3600)).toEqual(said);
  });

  it("answers typed text with the same text (read out in audio sessions)", async () => {
    const typed = [{ id: "item_2", type: "message", role: "user" as const, text: "hello" }];
    expect(await behavior.reply(turn(typed, "text"))).toEqual([{ type: "message", text: "hello" }]);
    expect(await behavior.reply(turn(typed))).toEqual([
      { type: "message", text: "hello", audio: voice },
    ]);
  });

  it("transcribes audio as its length, and leaves audio to the mock without a voice", async () => {
    expect(behavior.transcribe?.(new Int16Array(24_000 * 2.34))).toBe("(2.3 s of speech)");
    const silent = demoBehavior(() => undefined);
    expect(await silent.reply(turn([]))).toEqual([{ type: "message", text: GREETING }]);
  });
});

describe("speaking with espeak-ng", () => {
  it("makes 24 kHz speech of a plausible length", () => {
    const pcm = espeakVoice()("You said:");
    expect(pcm, "espeak-ng is not installed (apt-get install espeak-ng)").toBeDefined();
    const seconds = (pcm?.length ?? 0) / 24_000;
    expect(seconds).toBeGreaterThan(0.4);
    expect(seconds).toBeLessThan(3);
    const peak = (pcm ?? new Int16Array(0)).reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    expect(peak).toBeGreaterThan(3000);
  });

  it("gives nothing (no throw) when the program is missing", () => {
    expect(espeakVoice("/nonexistent/espeak")("hi")).toBeUndefined();
  });

  it("parses PCM16 WAV and resamples linearly", () => {
    const header = new Uint8Array(44);
    const view = new DataView(header.buffer);
    const ascii = (at: number, s: string) => {
      for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i));
    };
    ascii(0, "RIFF");
    ascii(8, "WAVE");
    ascii(12, "fmt ");
    view.setUint32(16, 16, true);
    view.setUint16(20, 1, true);
    view.setUint16(22, 1, true);
    view.setUint32(24, 22050, true);
    view.setUint16(34, 16, true);
    ascii(36, "data");
    view.setUint32(40, 0x7fffffff, true);
    const wav = new Uint8Array(48);
    wav.set(header);
    new DataView(wav.buffer).setInt16(44, 1000, true);
    new DataView(wav.buffer).setInt16(46, -1000, true);
    expect(parseWav(wav)).toEqual({ sampleRate: 22050, samples: Int16Array.from([1000, -1000]) });
    expect(parseWav(new Uint8Array(10))).toBeUndefined();
    expect(resampleLinear(Int16Array.from([0, 100, 200, 300]), 2, 4)).toEqual(
      Int16Array.from([0, 50, 100, 150, 200, 250, 300, 300]),
    );
  });
});
