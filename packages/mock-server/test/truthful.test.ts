import { describe, expect, it } from "vitest";
import { pcm16Tone } from "../src/index.js";
import type { Ev } from "./client.js";
import { appendAudio, serverPerTest, userText } from "./setup.js";

const servers = serverPerTest();
const { open } = servers;

type Part = { type: string; transcript?: string | null; audio?: string };
const contentOf = (ev: Ev) => (ev.item as { content: Part[] }).content;

describe("the mock tells other clients the truth", () => {
  it("the item retrieved after input_audio_transcription.completed carries the transcript", async () => {
    const c = await open(
      {},
      { audio: { input: { transcription: { model: "gpt-4o-transcribe" }, turn_detection: null } } },
    );
    appendAudio(c, pcm16Tone(500));
    c.send({ type: "input_audio_buffer.commit" });
    const done = await c.next("conversation.item.input_audio_transcription.completed");
    c.send({ type: "conversation.item.retrieve", item_id: done.item_id });
    const got = await c.next("conversation.item.retrieved");
    expect(contentOf(got)[0]).toMatchObject({
      type: "input_audio",
      transcript: "(0.50 s of audio)",
    });
    c.ws.close();
  });

  it("after a truncate mid-response, item.done, output_item.done and response.done carry the truncated content", async () => {
    // 200 ms chunks 30 ms apart: the truncate lands while the audio still streams.
    const c = await open({ deltaIntervalMs: 30 });
    const said = "a reply long enough for quite a few chunks of made up speech audio";
    c.send({ type: "conversation.item.create", item: userText(said) });
    c.send({ type: "response.create" });
    const first = await c.next("response.output_audio.delta");
    await c.next("response.output_audio.delta");
    const itemId = String(first.item_id);
    c.send({
      type: "conversation.item.truncate",
      item_id: itemId,
      content_index: 0,
      audio_end_ms: 250,
    });
    await c.next("conversation.item.truncated");
    c.send({ type: "conversation.item.retrieve", item_id: itemId });
    const stored = contentOf(await c.next("conversation.item.retrieved"))[0];
    expect(Buffer.from(stored?.audio ?? "", "base64").length).toBe(250 * 48);
    const heard = stored?.transcript ?? "";
    expect(heard.length).toBeLessThan(said.length);
    c.send({ type: "response.cancel" });
    const rest = await c.until("response.done");
    const itemDone = rest.find((e) => e.type === "conversation.item.done");
    const outputDone = rest.find((e) => e.type === "response.output_item.done");
    const responseDone = rest.at(-1) as Ev;
    expect(itemDone && contentOf(itemDone)[0]?.transcript).toBe(heard);
    expect(outputDone && contentOf(outputDone)[0]?.transcript).toBe(heard);
    const output = (responseDone.response as { output: { content: Part[] }[] }).output;
    expect(output[0]?.content[0]?.transcript).toBe(heard);
    // Nothing later claims the unheard words either.
    for (const e of rest) expect(JSON.stringify(e)).not.toContain(said);
    c.send({ type: "conversation.item.retrieve", item_id: itemId });
    expect(contentOf(await c.next("conversation.item.retrieved"))[0]?.transcript).toBe(heard);
    c.ws.close();
  });

  it("a truncate after the response finished is what a later retrieve shows", async () => {
    const c = await open();
    c.send({
      type: "conversation.item.create",
      item: userText("a reply long enough for two chunks"),
    });
    c.send({ type: "response.create" });
    const done = await c.next("response.done");
    const id = (done.response as { output: { id: string }[] }).output[0]?.id ?? "";
    c.send({
      type: "conversation.item.truncate",
      item_id: id,
      content_index: 0,
      audio_end_ms: 500,
    });
    await c.next("conversation.item.truncated");
    c.send({ type: "conversation.item.retrieve", item_id: id });
    const part = contentOf(await c.next("conversation.item.retrieved"))[0];
    expect(part?.transcript?.length).toBeLessThan(10);
    c.ws.close();
  });
});

describe("every frame has its own error boundary", () => {
  it("a behaviour whose transcribe throws: server_error to that client, the session goes on", async () => {
    const logs: unknown[] = [];
    const c = await open(
      {
        behavior: {
          name: "broken",
          reply: () => [{ type: "message", text: "ok" }],
          transcribe: () => {
            throw new Error("transcriber exploded");
          },
        },
        log: (e) => logs.push(e),
      },
      { audio: { input: { transcription: { model: "gpt-4o-transcribe" }, turn_detection: null } } },
    );
    appendAudio(c, pcm16Tone(200));
    c.send({ type: "input_audio_buffer.commit" });
    const err = await c.next("error");
    expect(err.error).toMatchObject({ type: "server_error", code: null });
    expect(logs).toContainEqual(
      expect.objectContaining({ level: "error", error: "transcriber exploded" }),
    );
    c.send({ type: "input_audio_buffer.clear" });
    await c.next("input_audio_buffer.cleared");
    c.ws.close();
  });
});

describe("a broken behaviour fails its response, not the session", () => {
  it("a reply part whose text is null: response.done failed, then the next response works", async () => {
    let calls = 0;
    const c = await open(
      {
        behavior: {
          name: "broken-reply",
          reply: () =>
            calls++ === 0
              ? [{ type: "message", text: null as unknown as string }]
              : [{ type: "message", text: "fine" }],
        },
      },
      { output_modalities: ["text"] },
    );
    c.send({ type: "conversation.item.create", item: userText("one") });
    c.send({ type: "response.create" });
    const failed = await c.next("response.done");
    expect(failed.response).toMatchObject({
      status: "failed",
      status_details: { error: { code: "behavior_failed" } },
    });
    c.send({ type: "response.create" });
    const ok = await c.next("response.done");
    expect(ok.response).toMatchObject({ status: "completed" });
    c.ws.close();
  });
});
