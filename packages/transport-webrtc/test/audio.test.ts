import type { SessionEvent } from "@echo/core";
import { createFakeSpeaker, takeUntil } from "@echo/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { rms, speechSource } from "./helpers/audio.js";
import { call, startMock } from "./helpers/mock.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function concat(chunks: readonly { samples: Int16Array }[]): Int16Array {
  const out = new Int16Array(chunks.reduce((n, c) => n + c.samples.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c.samples, at);
    at += c.samples.length;
  }
  return out;
}

describe("audio both ways in Node (Opus over werift RTP)", () => {
  it("microphone PCM reaches the mock's input buffer (server VAD, transcription) and the spoken reply reaches the speaker", async () => {
    const mock = await startMock(cleanups);
    const nextCall = mock.nextCall();
    const speaker = createFakeSpeaker();
    const session = await call(mock, { audio: speechSource(1200, 800), speaker });
    cleanups.push(async () => void (await session.close()));
    await session.put({
      type: "session.update",
      session: { type: "realtime", audio: { input: { transcription: { model: "whisper-1" } } } },
    });
    const events: SessionEvent[] = [];
    for await (const ev of session) {
      events.push(ev);
      if (ev.type === "output_audio_buffer.stopped") break;
    }
    const types = events.map((e) => e.type);
    for (const t of [
      "input_audio_buffer.speech_started",
      "input_audio_buffer.speech_stopped",
      "input_audio_buffer.committed",
      "conversation.item.input_audio_transcription.completed",
      "response.created",
      "output_audio_buffer.started",
      "response.done",
    ]) {
      expect(types, t).toContain(t);
    }
    // Audio travels on the track, never as deltas on the data channel.
    expect(types).not.toContain("response.output_audio.delta");
    const handle = await nextCall;
    expect(handle.stats.packetsIn).toBeGreaterThan(50);
    expect(handle.stats.packetsOut).toBeGreaterThan(25);
    const transcript = events.find(
      (e) => e.type === "conversation.item.input_audio_transcription.completed",
    );
    // The parrot describes the committed audio by its length: about the 1.2 s spoken (+ padding).
    const seconds = Number(/([\d.]+) s of audio/.exec(JSON.stringify(transcript))?.[1]);
    expect(seconds).toBeGreaterThan(1.0);
    expect(seconds).toBeLessThan(2.0);
    // The parrot replays the user's audio: the speaker got about as much, and it is not silence.
    const played = concat(speaker.writes);
    expect(played.length / 24_000).toBeGreaterThan(seconds - 0.2);
    expect(rms(played)).toBeGreaterThan(0.02);
    const part = events.find((e) => e.type === "response.content_part.added");
    const itemId = part?.type === "response.content_part.added" ? part.item_id : "";
    expect(speaker.writes.every((w) => w.position.itemId === itemId)).toBe(true);
  }, 30_000);

  it("interrupt() cancels the active response, then clears the server's output buffer; the speaker stops", async () => {
    const mock = await startMock(cleanups, { deltaIntervalMs: 40, audioChunkMs: 100 });
    const nextCall = mock.nextCall();
    const speaker = createFakeSpeaker();
    const session = await call(mock, { speaker });
    cleanups.push(async () => void (await session.close()));
    const handle = await nextCall;
    await session.put({
      type: "conversation.item.create",
      item: {
        type: "message",
        role: "user",
        content: [{ type: "input_text", text: "tell me a long story ".repeat(8) }],
      },
    });
    await session.put({ type: "response.create" });
    await takeUntil(session, "output_audio_buffer.started");
    const stopsBefore = speaker.stops;
    await session.interrupt();
    const events = await takeUntil(session, "output_audio_buffer.cleared");
    const done = [...events, ...(await takeUntil(session, "response.done").catch(() => []))].find(
      (e) => e.type === "response.done",
    );
    expect(done?.type === "response.done" && done.response.status).toBe("cancelled");
    expect(speaker.stops).toBeGreaterThan(stopsBefore);
    const sent: string[] = [];
    for (;;) {
      const frame = JSON.parse(await handle.nextFrame()) as { type: string };
      sent.push(frame.type);
      if (frame.type === "output_audio_buffer.clear") break;
    }
    expect(sent.slice(-2)).toEqual(["response.cancel", "output_audio_buffer.clear"]);
  }, 30_000);

  it("interrupt() with no response in progress sends only output_audio_buffer.clear (no error follows)", async () => {
    const mock = await startMock(cleanups);
    const nextCall = mock.nextCall();
    const session = await call(mock);
    cleanups.push(async () => void (await session.close()));
    await session.interrupt();
    const handle = await nextCall;
    expect(JSON.parse(await handle.nextFrame()).type).toBe("output_audio_buffer.clear");
    // A marker after it: everything the server said in between is here, and none is an error.
    await session.put({ type: "input_audio_buffer.clear" });
    const events = await takeUntil(session, "input_audio_buffer.cleared");
    expect(events.map((e) => e.type)).not.toContain("error");
  });
});
