import { describe, expect, it } from "vitest";
import { MeterBallistics } from "../src/voice/ballistics.js";
import {
  formatDb,
  logLine,
  meter,
  newlyDone,
  renderVoice,
  type ScreenInfo,
  transcriptRows,
  wrap,
} from "../src/voice/render.js";
import { initialVoiceState, type VoiceState } from "../src/voice/state.js";

const info: ScreenInfo = {
  backend: "local mock server",
  devices: "pulse → pulse (duplex, 48 kHz)",
  aec: true,
  voice: "alloy",
};

function conversation(): VoiceState {
  return {
    ...initialVoiceState(),
    lines: [
      { id: "a0", role: "assistant", text: "Hello! Say something.", done: true },
      { id: "u1", role: "user", text: "(1.7 s of speech)", done: true },
      {
        id: "a1",
        role: "assistant",
        text: "You said: (1.7 s of speech)",
        done: false,
        latencyMs: 640,
      },
    ],
    userSpeaking: false,
    assistantSpeaking: true,
    responding: true,
    inputDb: -42.4,
    outputDb: -12,
    turns: [700, 640],
  };
}

describe("meter", () => {
  it("fills from -60 dBFS (empty) to 0 dBFS (full), in eighths of a cell", () => {
    expect(meter(-100, 10)).toBe("··········");
    expect(meter(0, 10)).toBe("██████████");
    expect(meter(-30, 10)).toBe("█████·····");
    expect(meter(-33, 10)).toBe("████▌·····");
    for (const db of [-100, -59, -31.3, -7, 3]) expect([...meter(db, 12)]).toHaveLength(12);
  });

  it("labels levels with a fixed width", () => {
    expect(formatDb(-42.4)).toBe("-42 dB");
    expect(formatDb(-100)).toBe(" -∞ dB");
    expect(formatDb(-3)).toBe(" -3 dB");
  });
});

describe("wrap", () => {
  it("breaks at spaces and splits words longer than the width", () => {
    expect(wrap("the quick brown fox", 10)).toEqual(["the quick", "brown fox"]);
    expect(wrap("abcdefghijkl", 5)).toEqual(["abcde", "fghij", "kl"]);
    expect(wrap("", 5)).toEqual([""]);
  });
});

describe("renderVoice", () => {
  it("shows the header, both meters, who speaks, latency, transcript and keys", () => {
    const rows = renderVoice(conversation(), info, 80, 16);
    expect(rows).toHaveLength(16);
    expect(rows[0]).toBe("echo voice demo · local mock server · voice alloy · echo cancelling on");
    expect(rows[1]).toBe("devices: pulse → pulse (duplex, 48 kHz)");
    expect(rows[2]).toBe(`mic  ${meter(-42.4)} -42 dB  open`);
    expect(rows[3]).toBe(`out  ${meter(-12)} -12 dB  speaking: assistant`);
    expect(rows[4]).toBe("latency: last 640 ms · mean 670 ms (2 turns)");
    expect(rows).toContain("echo  Hello! Say something.");
    expect(rows).toContain("you   (1.7 s of speech)");
    expect(rows).toContain("echo  You said: (1.7 s of speech) …  (640 ms)");
    expect(rows.at(-1)).toBe("m mute · p push-to-talk · Ctrl-C interrupt/leave · /help · /quit");
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(80);
  });

  it("keeps the newest transcript rows when they do not fit", () => {
    const rows = renderVoice(conversation(), info, 80, 10);
    expect(rows).toHaveLength(10);
    expect(rows.join("\n")).toContain("You said");
    expect(rows.join("\n")).not.toContain("Hello!");
  });

  it("shows mute, push-to-talk, the command being typed, notices and help", () => {
    const muted = renderVoice(
      { ...conversation(), mic: { kind: "muted" }, notice: "microphone muted", command: "/qu" },
      info,
      80,
      16,
    );
    expect(muted[2]).toMatch(/MUTED$/);
    expect(muted.at(-2)).toBe("microphone muted");
    expect(muted.at(-1)).toBe("> /qu");
    const ptt = renderVoice(
      { ...conversation(), mic: { kind: "push-to-talk", held: true } },
      info,
      80,
      16,
    );
    expect(ptt[2]).toMatch(/push-to-talk: TALKING$/);
    const help = renderVoice({ ...conversation(), help: true }, info, 80, 16).join("\n");
    expect(help).toContain("mute / unmute");
    expect(help).not.toContain("You said");
  });

  it("fits a narrow terminal", () => {
    for (const row of renderVoice(conversation(), { ...info, aec: false }, 30, 12)) {
      expect(row.length).toBeLessThanOrEqual(30);
    }
  });
});

describe("transcript lines", () => {
  it("wraps under the label and marks interruptions", () => {
    const rows = transcriptRows(
      {
        id: "a",
        role: "assistant",
        text: "one two three four five six",
        done: true,
        interrupted: true,
      },
      20,
    );
    expect(rows).toEqual(["echo  one two three", "      four five six", "      [interrupted]"]);
  });

  it("logs done lines once, in order", () => {
    const before = conversation();
    const after: VoiceState = {
      ...before,
      lines: before.lines.map((l) => ({ ...l, done: true })),
    };
    expect(newlyDone(before, after).map(logLine)).toEqual([
      "echo> You said: (1.7 s of speech) (640 ms)",
    ]);
    expect(newlyDone(initialVoiceState(), after).map(logLine)).toEqual([
      "echo> Hello! Say something.",
      "you> (1.7 s of speech)",
      "echo> You said: (1.7 s of speech) (640 ms)",
    ]);
  });
});

describe("MeterBallistics", () => {
  it("rises at once, falls at its rate, and stops at the floor", () => {
    const meterOf = new MeterBallistics(-90, 30);
    expect(meterOf.update(-20, 0)).toBe(-20);
    // 100 ms of silence: down 3 dB, not to the floor.
    expect(meterOf.update(-90, 100)).toBeCloseTo(-23);
    expect(meterOf.update(-10, 120)).toBe(-10);
    expect(meterOf.update(-90, 10_000)).toBe(-90);
  });
});
