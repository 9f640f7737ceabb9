import { afterEach, describe, expect, it, vi } from "vitest";
import { bytesToPcm16, pcm16ToBytes } from "../src/audio/pcm.js";
import { givenAudio, speechLikeAudio } from "../src/audio/reply-audio.js";
import { pcm16SpeechLike } from "../src/index.js";
import { createPacer, MAX_BUFFERED_BYTES } from "../src/pacer.js";
import { MAX_RECENT_CHARS, RecentEvents } from "../src/recent-events.js";

describe("streamed reply audio", () => {
  it("speech-like audio read in chunks is pcm16SpeechLike's, sample for sample (±1 at the fades)", () => {
    const whole = pcm16SpeechLike(2210, 1);
    const source = speechLikeAudio(2210, 1);
    expect(source.samples).toBe(whole.length);
    for (let start = 0; start < whole.length; start += 4800) {
      const chunk = source.read(start, 4800);
      const expected = whole.subarray(start, start + 4800);
      expect(chunk.length).toBe(expected.length);
      let worst = 0;
      for (let i = 0; i < chunk.length; i++)
        worst = Math.max(worst, Math.abs((chunk[i] ?? 0) - (expected[i] ?? 0)));
      expect(worst).toBeLessThanOrEqual(1);
    }
  });

  it("past 10 s it repeats its loop seamlessly (no click at the seam)", () => {
    const source = speechLikeAudio(12_000, 2);
    const seam = source.read(240_000 - 2400, 4800);
    const jumps: number[] = [];
    for (let i = 1; i < seam.length; i++) jumps.push(Math.abs((seam[i] ?? 0) - (seam[i - 1] ?? 0)));
    // The largest sample-to-sample step at the seam is no larger than anywhere in the loop.
    const elsewhere = source.read(0, 240_000 - 2400);
    let normal = 0;
    for (let i = 1; i < elsewhere.length; i++)
      normal = Math.max(normal, Math.abs((elsewhere[i] ?? 0) - (elsewhere[i - 1] ?? 0)));
    expect(Math.max(...jumps)).toBeLessThanOrEqual(normal);
  });

  it("given audio is read as views, and pcm16 converts in blocks, little-endian", () => {
    const pcm = Int16Array.from([1, -2, 300, -32768, 32767]);
    expect(givenAudio(pcm).read(1, 2)).toEqual(Int16Array.from([-2, 300]));
    const bytes = pcm16ToBytes(pcm);
    expect([...bytes.subarray(0, 4)]).toEqual([1, 0, 0xfe, 0xff]);
    expect(bytesToPcm16(bytes)).toEqual(pcm);
    // Unaligned input (an odd byte offset) is read correctly.
    const odd = Buffer.concat([Buffer.from([9]), bytes]).subarray(1);
    expect(bytesToPcm16(odd)).toEqual(pcm);
  });
});

describe("pacing", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("does not add up timer lateness: the n-th delta is due n intervals after the start", async () => {
    vi.useFakeTimers();
    const pace = createPacer(200, { bufferedAmount: 0 }, () => Date.now());
    const start = Date.now();
    for (let n = 1; n <= 50; n++) {
      let resolved = false;
      void pace().then(() => {
        resolved = true;
      });
      // Time moves 1 ms at a time until the delta is released.
      while (!resolved) await vi.advanceTimersByTimeAsync(1);
      // Handling each delta takes 7 ms (a busy server): the next wait is shorter to make up.
      vi.advanceTimersByTime(7);
    }
    // 50 intervals of 200 ms, plus the last delta's handling; a pacer that adds lateness ends at 50 * 207.
    expect(Date.now() - start).toBeLessThanOrEqual(50 * 200 + 7);
  });

  it("holds while more than 1 MiB waits unsent, then goes on", async () => {
    vi.useFakeTimers();
    const wire = { bufferedAmount: MAX_BUFFERED_BYTES + 1 };
    const pace = createPacer(0, wire);
    let done = false;
    void pace().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toBe(false);
    wire.bufferedAmount = 0;
    await vi.advanceTimersByTimeAsync(40);
    expect(done).toBe(true);
  });
});

describe("bounded memory per session", () => {
  it("received keeps at most 1,000 events and 256 KiB of JSON, newest last", () => {
    const r = new RecentEvents();
    for (let i = 0; i < 5000; i++) r.push({ type: "x", n: i }, 20);
    expect(r.list()).toHaveLength(1000);
    expect(r.list().at(-1)).toEqual({ type: "x", n: 4999 });
    for (let i = 0; i < 500; i++) r.push({ type: "big", n: i }, 700);
    const kept = r.list();
    expect(kept.length * 700).toBeLessThanOrEqual(MAX_RECENT_CHARS);
    expect(kept.at(-1)).toEqual({ type: "big", n: 499 });
  });
});

describe("the append fast path", () => {
  it("takes plain appends and leaves everything else to the schema's errors", async () => {
    const { fastAppend } = await import("../src/append-fast-path.js");
    expect(fastAppend({ type: "input_audio_buffer.append", audio: "AAEC" })).toEqual(
      Buffer.from([0, 1, 2]),
    );
    expect(
      fastAppend({ type: "input_audio_buffer.append", audio: "AAE=", event_id: "e" })?.length,
    ).toBe(2);
    for (const audio of ["AAE", "AA-_", "AA E", "A=AA", "AA!A", "", "====", 5]) {
      const got = fastAppend({ type: "input_audio_buffer.append", audio } as never);
      if (audio === "") expect(got?.length).toBe(0);
      else expect(got, String(audio)).toBeNull();
    }
    expect(fastAppend({ type: "input_audio_buffer.append", audio: "AAEC", extra: 1 })).toBeNull();
    expect(
      fastAppend({ type: "input_audio_buffer.append", audio: "AAEC", event_id: 7 } as never),
    ).toBeNull();
  });
});
