import { describe, expect, it, vi } from "vitest";
import { pcm16Silence, pcm16Tone, scripted } from "../src/index.js";
import type { Ev } from "./client.js";
import { appendAudio, b64, concat, serverPerTest, utterance } from "./setup.js";

const servers = serverPerTest();
const { open } = servers;

const NO_VAD = { audio: { input: { turn_detection: null } } };

describe("input audio buffer", () => {
  it("commit with less than 100 ms: input_audio_buffer_commit_empty", async () => {
    const c = await open({}, NO_VAD);
    c.send({ type: "input_audio_buffer.commit" });
    expect((await c.next()).error).toMatchObject({
      code: "input_audio_buffer_commit_empty",
      message:
        "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has 0.00ms of audio.",
    });
    appendAudio(c, pcm16Tone(60));
    c.send({ type: "input_audio_buffer.commit" });
    expect(String(((await c.next()).error as { message: string }).message)).toContain("60.00ms");
    c.ws.close();
  });

  it("commit: committed, then the user item added and done; no response", async () => {
    const c = await open({}, NO_VAD);
    const tone = pcm16Tone(250);
    appendAudio(c, tone);
    c.send({ type: "input_audio_buffer.commit" });
    const evs = [await c.next(), await c.next(), await c.next()];
    expect(evs.map((e) => e.type)).toEqual([
      "input_audio_buffer.committed",
      "conversation.item.added",
      "conversation.item.done",
    ]);
    expect(evs[0]?.previous_item_id).toBeNull();
    expect(evs[1]?.item).toMatchObject({ id: evs[0]?.item_id });
    c.send({ type: "conversation.item.retrieve", item_id: evs[0]?.item_id });
    const got = await c.next();
    expect(got.type).toBe("conversation.item.retrieved");
    expect((got.item as { content: Array<{ audio: string }> }).content[0]?.audio).toBe(b64(tone));
    c.ws.close();
  });

  it("appends of odd byte length keep sample alignment", async () => {
    const c = await open({}, NO_VAD);
    const tone = pcm16Tone(120);
    const bytes = Buffer.from(tone.buffer);
    c.send({
      type: "input_audio_buffer.append",
      audio: bytes.subarray(0, 1001).toString("base64"),
    });
    c.send({ type: "input_audio_buffer.append", audio: bytes.subarray(1001).toString("base64") });
    c.send({ type: "input_audio_buffer.commit" });
    const committed = await c.next("input_audio_buffer.committed");
    c.send({ type: "conversation.item.retrieve", item_id: committed.item_id });
    const got = await c.next("conversation.item.retrieved");
    expect((got.item as { content: Array<{ audio: string }> }).content[0]?.audio).toBe(
      bytes.toString("base64"),
    );
    c.ws.close();
  });

  it("clear empties the buffer", async () => {
    const c = await open({}, NO_VAD);
    appendAudio(c, pcm16Tone(300));
    c.send({ type: "input_audio_buffer.clear" });
    expect((await c.next()).type).toBe("input_audio_buffer.cleared");
    c.send({ type: "input_audio_buffer.commit" });
    expect((await c.next()).error).toMatchObject({ code: "input_audio_buffer_commit_empty" });
    c.ws.close();
  });

  it("audio that is not base64 is refused", async () => {
    const c = await open();
    c.send({ type: "input_audio_buffer.append", audio: "not base64!!" });
    expect((await c.next()).error).toMatchObject({ code: "invalid_base64", param: "audio" });
    c.ws.close();
  });
});

describe("server VAD", () => {
  it("a spoken turn: started, stopped, committed, user item, then an automatic response (§3 order)", async () => {
    const c = await open();
    // 1000 ms silence, 600 ms tone, 500 ms silence.
    appendAudio(c, utterance(1000, 600, 500));
    const evs = await c.until("response.done");
    const order = evs.map((e) => e.type).filter((t) => !t.endsWith(".delta"));
    expect(order).toEqual([
      "input_audio_buffer.speech_started",
      "input_audio_buffer.speech_stopped",
      "input_audio_buffer.committed",
      "conversation.item.added",
      "conversation.item.done",
      "response.created",
      "response.output_item.added",
      "conversation.item.added",
      "response.content_part.added",
      "response.output_audio.done",
      "response.output_audio_transcript.done",
      "response.content_part.done",
      "conversation.item.done",
      "response.output_item.done",
      "response.done",
    ]);
    const started = evs[0] as Ev;
    const stopped = evs[1] as Ev;
    // Speech found at 1000 ms, started 300 ms earlier (prefix padding); ended 200 ms after the tone.
    expect(started.audio_start_ms).toBe(700);
    expect(stopped.audio_end_ms).toBe(1800);
    expect(stopped.item_id).toBe(started.item_id);
    expect(evs[2]?.item_id).toBe(started.item_id);
    // The parrot replays the committed segment: 1100 ms of PCM.
    const audio = evs
      .filter((e) => e.type === "response.output_audio.delta")
      .reduce((n, e) => n + Buffer.from(String(e.delta), "base64").length, 0);
    expect(audio).toBe(1100 * 48);
    c.ws.close();
  });

  it("threshold: a quiet tone passes at 0.1 but not at 0.5", async () => {
    const quiet = utterance(300, 500, 400, 0.003);
    const loud = await open();
    appendAudio(loud, quiet);
    loud.send({ type: "input_audio_buffer.clear" });
    expect((await loud.next()).type).toBe("input_audio_buffer.cleared");
    await servers.current?.close();
    const sensitive = await open(
      {},
      { audio: { input: { turn_detection: { type: "server_vad", threshold: 0.1 } } } },
    );
    appendAudio(sensitive, quiet);
    expect((await sensitive.next()).type).toBe("input_audio_buffer.speech_started");
    sensitive.ws.close();
  });

  it("silence_duration_ms and prefix_padding_ms are honoured", async () => {
    const c = await open(
      {},
      {
        audio: {
          input: {
            turn_detection: {
              type: "server_vad",
              prefix_padding_ms: 100,
              silence_duration_ms: 600,
              create_response: false,
            },
          },
        },
      },
    );
    // A 400 ms gap inside the speech does not end the turn with 600 ms of silence required.
    appendAudio(
      c,
      concat(
        pcm16Silence(500),
        pcm16Tone(300),
        pcm16Silence(400),
        pcm16Tone(300),
        pcm16Silence(800),
      ),
    );
    const started = await c.next();
    const stopped = await c.next();
    expect(started).toMatchObject({
      type: "input_audio_buffer.speech_started",
      audio_start_ms: 400,
    });
    expect(stopped).toMatchObject({
      type: "input_audio_buffer.speech_stopped",
      audio_end_ms: 2100,
    });
    await c.next("conversation.item.done");
    c.send({ type: "input_audio_buffer.clear" });
    expect((await c.next()).type).toBe("input_audio_buffer.cleared");
    expect(c.events.some((e) => e.type === "response.created")).toBe(false);
    c.ws.close();
  });

  it("interrupt_response cancels the active response on speech_started (turn_detected)", async () => {
    const long = pcm16Tone(5000, 200);
    const c = await open({
      deltaIntervalMs: 10,
      behavior: scripted([[{ type: "message", text: "a long answer", audio: long }]]),
    });
    c.send({
      type: "conversation.item.create",
      item: { type: "message", role: "user", content: [{ type: "input_text", text: "go" }] },
    });
    c.send({ type: "response.create" });
    await c.next("response.output_audio.delta");
    appendAudio(c, utterance(0, 300, 0));
    await c.next("input_audio_buffer.speech_started");
    const done = await c.next("response.done");
    expect(done.response).toMatchObject({
      status: "cancelled",
      status_details: { type: "cancelled", reason: "turn_detected" },
    });
    c.ws.close();
  });

  it("a barge-in turn sent in one burst: the cancelled response ends, then the new turn is answered", async () => {
    const long = pcm16Tone(5000, 200);
    const c = await open({
      deltaIntervalMs: 10,
      behavior: scripted([[{ type: "message", text: "a long answer", audio: long }], "short"]),
    });
    c.send({
      type: "conversation.item.create",
      item: { type: "message", role: "user", content: [{ type: "input_text", text: "go" }] },
    });
    c.send({ type: "response.create" });
    await c.next("response.output_audio.delta");
    appendAudio(c, utterance(0, 300, 400));
    const first = await c.next("response.done");
    expect(first.response).toMatchObject({
      status: "cancelled",
      status_details: { reason: "turn_detected" },
    });
    const second = await c.next("response.done");
    expect(second.response).toMatchObject({
      status: "completed",
      output: [{ content: [{ transcript: "short" }] }],
    });
    c.ws.close();
  });

  it("idle_timeout_ms: timeout_triggered commits the silent audio and a response follows", async () => {
    const c = await open(
      {},
      {
        output_modalities: ["text"],
        audio: { input: { turn_detection: { type: "server_vad", idle_timeout_ms: 5000 } } },
      },
    );
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      c.send({
        type: "conversation.item.create",
        item: { type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] },
      });
      c.send({ type: "response.create" });
      await c.next("response.done");
      appendAudio(c, pcm16Silence(300));
      c.send({ type: "input_audio_buffer.clear" });
      await c.next("input_audio_buffer.cleared");
      appendAudio(c, pcm16Silence(400));
      c.send({ type: "conversation.item.retrieve", item_id: "nothing" });
      await c.next("error");
      vi.advanceTimersByTime(5000);
      const t = await c.next("input_audio_buffer.timeout_triggered");
      expect(t).toMatchObject({ audio_start_ms: 300, audio_end_ms: 700 });
      expect(await c.next()).toMatchObject({
        type: "input_audio_buffer.committed",
        item_id: t.item_id,
      });
      await c.next("response.created");
    } finally {
      vi.useRealTimers();
    }
    c.ws.close();
  });

  it("turn_detection null: no VAD events at all", async () => {
    const c = await open({}, NO_VAD);
    appendAudio(c, utterance(200, 500, 600));
    c.send({ type: "input_audio_buffer.clear" });
    expect((await c.next()).type).toBe("input_audio_buffer.cleared");
    c.ws.close();
  });

  it("input transcription, when on, reports a transcript for committed audio", async () => {
    const c = await open(
      {},
      { audio: { input: { transcription: { model: "gpt-4o-transcribe" }, turn_detection: null } } },
    );
    appendAudio(c, pcm16Tone(500));
    c.send({ type: "input_audio_buffer.commit" });
    const done = await c.next("conversation.item.input_audio_transcription.completed");
    expect(done).toMatchObject({
      content_index: 0,
      transcript: "(0.50 s of audio)",
      usage: { type: "duration", seconds: 0.5 },
    });
    c.ws.close();
  });

  it("G.711 μ-law input works with the VAD", async () => {
    const c = await open(
      {},
      {
        audio: {
          input: {
            format: { type: "audio/pcmu" },
            turn_detection: { type: "server_vad", create_response: false },
          },
        },
      },
    );
    const pcm = utterance(500, 400, 400);
    const { linearToUlaw } = await import("../src/audio/g711.js");
    const ulaw = Buffer.alloc(Math.floor(pcm.length / 3));
    for (let i = 0; i < ulaw.length; i++) ulaw[i] = linearToUlaw(pcm[i * 3] ?? 0);
    for (let i = 0; i < ulaw.length; i += 160)
      c.send({
        type: "input_audio_buffer.append",
        audio: ulaw.subarray(i, i + 160).toString("base64"),
      });
    expect(await c.next()).toMatchObject({
      type: "input_audio_buffer.speech_started",
      audio_start_ms: 200,
    });
    expect(await c.next()).toMatchObject({
      type: "input_audio_buffer.speech_stopped",
      audio_end_ms: 1100,
    });
    c.ws.close();
  });
});
