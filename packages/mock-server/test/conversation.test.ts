import { describe, expect, it } from "vitest";
import { pcm16Tone } from "../src/index.js";
import { b64, serverPerTest, userText } from "./setup.js";

const servers = serverPerTest();
const { open } = servers;

describe("conversation items", () => {
  it("item.create answers added then done, with previous_item_id", async () => {
    const c = await open();
    c.send({ type: "conversation.item.create", item: userText("first") });
    const a1 = await c.next();
    const d1 = await c.next();
    expect([a1.type, d1.type]).toEqual(["conversation.item.added", "conversation.item.done"]);
    expect(a1.previous_item_id).toBeNull();
    const first = a1.item as { id: string };
    expect(first.id).toMatch(/^item_[0-9A-Za-z]{21}$/);
    expect(a1.item).toEqual({
      id: first.id,
      type: "message",
      role: "user",
      status: "completed",
      content: [{ type: "input_text", text: "first" }],
    });
    c.send({ type: "conversation.item.create", item: userText("second") });
    expect((await c.next()).previous_item_id).toBe(first.id);
    c.ws.close();
  });

  it("previous_item_id root inserts first; an existing id inserts after it; an unknown id is an error", async () => {
    const c = await open();
    c.send({ type: "conversation.item.create", item: { ...userText("a"), id: "item_a" } });
    c.send({ type: "conversation.item.create", item: { ...userText("b"), id: "item_b" } });
    c.send({
      type: "conversation.item.create",
      previous_item_id: "root",
      item: { ...userText("r"), id: "item_r" },
    });
    c.send({
      type: "conversation.item.create",
      previous_item_id: "item_a",
      item: { ...userText("m"), id: "item_m" },
    });
    c.send({
      type: "conversation.item.create",
      previous_item_id: "item_zzz",
      item: userText("x"),
      event_id: "bad",
    });
    const added = [];
    for (let i = 0; i < 4; i++) added.push(await c.next("conversation.item.added"));
    expect(added.map((e) => e.previous_item_id)).toEqual([null, "item_a", null, "item_a"]);
    const err = await c.next("error");
    expect(err.error).toMatchObject({ param: "previous_item_id", event_id: "bad" });
    const handle = await servers.current?.nextSession();
    expect(handle?.items().map((i) => i.id)).toEqual(["item_r", "item_a", "item_m", "item_b"]);
    c.ws.close();
  });

  it("retrieve returns the item with its audio", async () => {
    const c = await open();
    const audio = b64(pcm16Tone(120));
    c.send({
      type: "conversation.item.create",
      item: {
        type: "message",
        role: "user",
        id: "item_aud",
        content: [{ type: "input_audio", audio }],
      },
    });
    const added = await c.next("conversation.item.added");
    expect(added.item).toMatchObject({ content: [{ type: "input_audio", transcript: null }] });
    expect(JSON.stringify(added)).not.toContain(audio);
    c.send({ type: "conversation.item.retrieve", item_id: "item_aud" });
    const got = await c.next("conversation.item.retrieved");
    expect(got.item).toMatchObject({
      id: "item_aud",
      content: [{ type: "input_audio", audio, transcript: null }],
    });
    c.send({ type: "conversation.item.retrieve", item_id: "item_missing" });
    expect((await c.next("error")).error).toMatchObject({ param: "item_id" });
    c.ws.close();
  });

  it("delete removes an item; an unknown id is an error", async () => {
    const c = await open();
    c.send({ type: "conversation.item.create", item: { ...userText("x"), id: "item_x" } });
    c.send({ type: "conversation.item.delete", item_id: "item_x" });
    expect(await c.next("conversation.item.deleted")).toMatchObject({ item_id: "item_x" });
    c.send({ type: "conversation.item.delete", item_id: "item_x" });
    expect((await c.next("error")).error).toMatchObject({
      type: "invalid_request_error",
      param: "item_id",
    });
    c.ws.close();
  });

  it("a malformed item is rejected with the param at fault", async () => {
    const c = await open();
    c.send({
      type: "conversation.item.create",
      item: { type: "message", role: "robot", content: [] },
    });
    expect((await c.next()).error).toMatchObject({ code: "invalid_value", param: "item.role" });
    c.send({ type: "conversation.item.create" });
    expect((await c.next()).error).toMatchObject({
      code: "missing_required_parameter",
      param: "item",
    });
    c.ws.close();
  });
});

describe("conversation.item.truncate (§5)", () => {
  async function withAssistantAudio() {
    const c = await open();
    // 34 characters of text: 2210 ms of made-up speech.
    c.send({
      type: "conversation.item.create",
      item: userText("a reply long enough for two chunks"),
    });
    c.send({ type: "response.create" });
    const done = await c.next("response.done");
    const item = (done.response as { output: Array<{ id: string }> }).output[0];
    return { c, id: item?.id ?? "" };
  }

  it("cuts the assistant audio and its unheard transcript", async () => {
    const { c, id } = await withAssistantAudio();
    c.send({
      type: "conversation.item.truncate",
      item_id: id,
      content_index: 0,
      audio_end_ms: 1000,
    });
    expect(await c.next("conversation.item.truncated")).toMatchObject({
      item_id: id,
      content_index: 0,
      audio_end_ms: 1000,
    });
    c.send({ type: "conversation.item.retrieve", item_id: id });
    const got = await c.next("conversation.item.retrieved");
    const part = (got.item as { content: Array<{ audio: string; transcript: string }> }).content[0];
    expect(Buffer.from(part?.audio ?? "", "base64").length).toBe(1000 * 48);
    expect(part?.transcript.length).toBeLessThan("a reply long enough for two chunks".length);
    c.ws.close();
  });

  it("past the end of the audio: the real error text", async () => {
    const { c, id } = await withAssistantAudio();
    c.send({
      type: "conversation.item.truncate",
      item_id: id,
      content_index: 0,
      audio_end_ms: 11579,
    });
    const e = await c.next("error");
    expect(e.error).toEqual({
      type: "invalid_request_error",
      code: null,
      message: "Audio content of 2210ms is already shorter than 11579ms",
      param: null,
      event_id: null,
    });
    c.ws.close();
  });

  it("a user or text item: Only model output audio messages can be truncated", async () => {
    const c = await open();
    c.send({ type: "conversation.item.create", item: { ...userText("x"), id: "item_u" } });
    c.send({
      type: "conversation.item.truncate",
      item_id: "item_u",
      content_index: 0,
      audio_end_ms: 0,
    });
    expect((await c.next("error")).error).toMatchObject({
      message: "Only model output audio messages can be truncated",
    });
    c.ws.close();
  });

  it("audio_end_ms must be a non-negative integer", async () => {
    const c = await open();
    c.send({
      type: "conversation.item.truncate",
      item_id: "x",
      content_index: 0,
      audio_end_ms: 1.5,
    });
    expect((await c.next("error")).error).toMatchObject({
      code: "invalid_type",
      param: "audio_end_ms",
    });
    c.send({
      type: "conversation.item.truncate",
      item_id: "x",
      content_index: 0,
      audio_end_ms: -1,
    });
    expect((await c.next("error")).error).toMatchObject({
      code: "integer_below_min_value",
      param: "audio_end_ms",
    });
    c.ws.close();
  });
});
