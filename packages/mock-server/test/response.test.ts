import { describe, expect, it } from "vitest";
import { pcm16Tone, scripted } from "../src/index.js";
import type { Ev } from "./client.js";
import { b64, serverPerTest, userText } from "./setup.js";

const servers = serverPerTest();
const { open } = servers;

const types = (evs: Ev[]) => evs.map((e) => e.type);

describe("response.create: the GA event order (§3)", () => {
  it("a text response", async () => {
    const c = await open({}, { output_modalities: ["text"] });
    c.send({ type: "conversation.item.create", item: userText("hello there friend") });
    await c.next("conversation.item.done");
    c.send({ type: "response.create", response: { metadata: { topic: "greeting" } } });
    const evs = await c.until("rate_limits.updated");
    expect(types(evs)).toEqual([
      "response.created",
      "response.output_item.added",
      "conversation.item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "conversation.item.done",
      "response.output_item.done",
      "response.done",
      "rate_limits.updated",
    ]);
    const deltas = evs.filter((e) => e.type === "response.output_text.delta");
    expect(deltas.map((d) => d.delta).join("")).toBe("hello there friend");
    expect(deltas[0]?.obfuscation).toEqual(expect.any(String));
    const done = evs.find((e) => e.type === "response.done")?.response as Record<string, unknown>;
    expect(done).toMatchObject({
      object: "realtime.response",
      status: "completed",
      status_details: null,
      output_modalities: ["text"],
      metadata: { topic: "greeting" },
      output: [
        {
          type: "message",
          role: "assistant",
          status: "completed",
          content: [{ type: "output_text", text: "hello there friend" }],
        },
      ],
    });
    expect(done.id).toMatch(/^resp_[0-9A-Za-z]{21}$/);
    expect(done.conversation_id).toMatch(/^conv_/);
    const usage = done.usage as Record<string, number>;
    expect(usage.total_tokens).toBe((usage.input_tokens ?? 0) + (usage.output_tokens ?? 0));
    expect(usage.output_tokens).toBeGreaterThan(0);
    const added = evs.find((e) => e.type === "conversation.item.added")?.item;
    expect(added).toMatchObject({
      type: "message",
      role: "assistant",
      status: "in_progress",
      content: [],
    });
    const limits = evs.at(-1)?.rate_limits as Array<Record<string, unknown>>;
    expect(limits[0]).toMatchObject({ name: "tokens" });
    c.ws.close();
  });

  it("an audio response: interleaved transcript and audio deltas of PCM16 24 kHz in 200 ms chunks", async () => {
    const c = await open();
    c.send({
      type: "conversation.item.create",
      item: userText("a reply long enough for two chunks"),
    });
    c.send({ type: "response.create" });
    const evs = await c.until("rate_limits.updated");
    const t = types(evs.slice(evs.findIndex((e) => e.type === "response.created")));
    const core = t.filter(
      (x) => x !== "response.output_audio.delta" && x !== "response.output_audio_transcript.delta",
    );
    expect(core).toEqual([
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
      "rate_limits.updated",
    ]);
    const part = evs.find((e) => e.type === "response.content_part.added")?.part;
    expect(part).toEqual({ type: "audio", transcript: "" });
    const audio = evs
      .filter((e) => e.type === "response.output_audio.delta")
      .map((e) => Buffer.from(String(e.delta), "base64"));
    // 34 characters at 65 ms each: 2210 ms of 24 kHz PCM16, sent 200 ms (9600 bytes) at a time.
    expect(audio.reduce((n, b) => n + b.length, 0)).toBe(2210 * 48);
    expect(audio.slice(0, -1).every((b) => b.length === 9600)).toBe(true);
    const samples = new Int16Array(
      audio[0]?.buffer.slice(audio[0].byteOffset, audio[0].byteOffset + 9600) ?? new ArrayBuffer(0),
    );
    expect(Math.max(...samples.map(Math.abs))).toBeGreaterThan(1000);
    const transcript = evs
      .filter((e) => e.type === "response.output_audio_transcript.delta")
      .map((e) => e.delta)
      .join("");
    expect(transcript).toBe("a reply long enough for two chunks");
    // The first transcript delta comes before the first audio delta.
    expect(t.indexOf("response.output_audio_transcript.delta")).toBeLessThan(
      t.indexOf("response.output_audio.delta"),
    );
    const itemDone = evs.find(
      (e) =>
        e.type === "conversation.item.done" && (e.item as { role: string }).role === "assistant",
    );
    expect(itemDone?.item).toMatchObject({
      status: "completed",
      content: [{ type: "output_audio", transcript }],
    });
    expect(JSON.stringify(itemDone)).not.toContain('"audio":');
    c.ws.close();
  });

  it("the parrot replays a user's audio item byte for byte", async () => {
    const c = await open();
    const tone = pcm16Tone(450, 220);
    c.send({
      type: "conversation.item.create",
      item: { type: "message", role: "user", content: [{ type: "input_audio", audio: b64(tone) }] },
    });
    c.send({ type: "response.create" });
    const evs = await c.until("response.done");
    const audio = Buffer.concat(
      evs
        .filter((e) => e.type === "response.output_audio.delta")
        .map((e) => Buffer.from(String(e.delta), "base64")),
    );
    expect(audio.equals(Buffer.from(tone.buffer))).toBe(true);
    c.ws.close();
  });

  it("response.output_modalities overrides the session for one response", async () => {
    const c = await open();
    c.send({ type: "conversation.item.create", item: userText("hi") });
    c.send({ type: "response.create", response: { output_modalities: ["text"] } });
    const evs = await c.until("response.done");
    expect(types(evs)).toContain("response.output_text.delta");
    expect(types(evs)).not.toContain("response.output_audio.delta");
    c.ws.close();
  });

  it("conversation: none leaves the conversation alone and can run beside the default one", async () => {
    const c = await open({ deltaIntervalMs: 5 }, { output_modalities: ["text"] });
    c.send({ type: "conversation.item.create", item: userText("one two three four five") });
    await c.next("conversation.item.done");
    c.send({ type: "response.create" });
    c.send({
      type: "response.create",
      response: {
        conversation: "none",
        metadata: { side: "yes" },
        input: [userText("side question")],
      },
    });
    const dones: Ev[] = [];
    while (dones.length < 2) dones.push(await c.next("response.done"));
    const side = dones
      .map((d) => d.response as Record<string, unknown>)
      .find((r) => (r.metadata as { side?: string } | null)?.side);
    expect(side).toMatchObject({
      conversation_id: null,
      status: "completed",
      output: [{ content: [{ text: "side question" }] }],
    });
    const added = c.events.filter((e) => e.type === "conversation.item.added");
    expect(added).toHaveLength(2); // the user item and the default response's item
    c.ws.close();
  });

  it("input with an item_reference answers from that context only", async () => {
    const c = await open({}, { output_modalities: ["text"] });
    c.send({
      type: "conversation.item.create",
      item: { ...userText("remember me"), id: "item_mine" },
    });
    c.send({ type: "conversation.item.create", item: userText("not me") });
    c.send({
      type: "response.create",
      response: { conversation: "none", input: [{ type: "item_reference", id: "item_mine" }] },
    });
    const done = await c.next("response.done");
    expect(done.response).toMatchObject({ output: [{ content: [{ text: "remember me" }] }] });
    c.ws.close();
  });

  it("a second response while one is active: conversation_already_has_active_response", async () => {
    const c = await open({ deltaIntervalMs: 5 }, { output_modalities: ["text"] });
    c.send({ type: "conversation.item.create", item: userText("a b c d e f g") });
    c.send({ type: "response.create" });
    const created = await c.next("response.created");
    c.send({ type: "response.create", event_id: "second" });
    const err = await c.next("error");
    expect(err.error).toMatchObject({
      code: "conversation_already_has_active_response",
      event_id: "second",
    });
    expect(String((err.error as { message: string }).message)).toContain(
      (created.response as { id: string }).id,
    );
    await c.next("response.done");
    c.ws.close();
  });

  it("response.cancel: response.done with status cancelled (client_cancelled)", async () => {
    const c = await open({ deltaIntervalMs: 5 }, { output_modalities: ["text"] });
    c.send({ type: "conversation.item.create", item: userText("a b c d e f g h i j k l m n o p") });
    c.send({ type: "response.create" });
    await c.next("response.output_text.delta");
    c.send({ type: "response.cancel" });
    const done = await c.next("response.done");
    expect(done.response).toMatchObject({
      status: "cancelled",
      status_details: { type: "cancelled", reason: "client_cancelled" },
    });
    const item = (done.response as { output: Array<{ status: string }> }).output[0];
    expect(item?.status).toBe("incomplete");
    c.send({ type: "response.cancel" });
    expect((await c.next("error")).error).toMatchObject({ code: "response_cancel_not_active" });
    c.ws.close();
  });

  it("response.cancel with nothing to cancel: response_cancel_not_active", async () => {
    const c = await open();
    c.send({ type: "response.cancel", event_id: "c1" });
    expect((await c.next()).error).toMatchObject({
      code: "response_cancel_not_active",
      event_id: "c1",
    });
    c.ws.close();
  });

  it("scripted function calls stream their arguments; the tool output needs a new response.create", async () => {
    const c = await open(
      {
        behavior: scripted([
          [
            {
              type: "function_call",
              name: "get_weather",
              arguments: '{"city":"Paris","unit":"celsius"}',
              call_id: "call_1",
            },
          ],
          "It is sunny.",
        ]),
      },
      { output_modalities: ["text"] },
    );
    c.send({ type: "conversation.item.create", item: userText("weather?") });
    c.send({ type: "response.create" });
    const evs = await c.until("response.done");
    const ts = types(evs);
    expect(ts).toContain("response.function_call_arguments.delta");
    const argsDone = evs.find((e) => e.type === "response.function_call_arguments.done");
    expect(argsDone).toMatchObject({
      name: "get_weather",
      call_id: "call_1",
      arguments: '{"city":"Paris","unit":"celsius"}',
    });
    const args = evs
      .filter((e) => e.type === "response.function_call_arguments.delta")
      .map((e) => e.delta)
      .join("");
    expect(args).toBe('{"city":"Paris","unit":"celsius"}');
    c.send({
      type: "conversation.item.create",
      item: { type: "function_call_output", call_id: "call_1", output: '{"sky":"clear"}' },
    });
    c.send({ type: "response.create" });
    const second = await c.next("response.done");
    expect(second.response).toMatchObject({ output: [{ content: [{ text: "It is sunny." }] }] });
    c.ws.close();
  });

  it("a function_call_output without a matching call is refused", async () => {
    const c = await open();
    c.send({
      type: "conversation.item.create",
      item: { type: "function_call_output", call_id: "call_nope", output: "x" },
    });
    expect((await c.next()).error).toMatchObject({ code: "invalid_value", param: "item.call_id" });
    c.ws.close();
  });

  it("a behaviour that throws gives a failed response", async () => {
    const c = await open({
      behavior: scripted(() => {
        throw new Error("script broke");
      }),
    });
    c.send({ type: "response.create" });
    const done = await c.next("response.done");
    expect(done.response).toMatchObject({ status: "failed", status_details: { type: "failed" } });
    c.ws.close();
  });

  it("the voice cannot change after audio was produced", async () => {
    const c = await open();
    c.send({
      type: "session.update",
      session: { type: "realtime", audio: { output: { voice: "ash" } } },
    });
    await c.next("session.updated");
    c.send({ type: "conversation.item.create", item: userText("hi") });
    c.send({ type: "response.create" });
    await c.next("response.done");
    c.send({
      type: "session.update",
      session: { type: "realtime", audio: { output: { voice: "sage" } } },
    });
    expect((await c.next("error")).error).toMatchObject({ param: "session.audio.output.voice" });
    c.ws.close();
  });

  it("max_output_tokens cuts the output: status incomplete, reason max_output_tokens", async () => {
    const c = await open({}, { output_modalities: ["text"] });
    c.send({
      type: "conversation.item.create",
      item: userText("one two three four five six seven eight nine ten"),
    });
    c.send({ type: "response.create", response: { max_output_tokens: 3 } });
    const done = await c.next("response.done");
    expect(done.response).toMatchObject({
      status: "incomplete",
      status_details: { type: "incomplete", reason: "max_output_tokens" },
      output: [{ status: "incomplete", content: [{ type: "output_text", text: "one two thre" }] }],
    });
    c.send({
      type: "response.create",
      response: { max_output_tokens: 20, output_modalities: ["audio"] },
    });
    const audio = await c.next("response.done");
    expect(audio.response).toMatchObject({
      status: "incomplete",
      usage: { output_token_details: { audio_tokens: 20 } },
    });
    c.ws.close();
  });

  it("G.711 output: μ-law deltas of 8 bytes per ms; A-law user audio is replayed after transcoding", async () => {
    const c = await open(
      {},
      {
        audio: {
          input: { format: { type: "audio/pcma" } },
          output: { format: { type: "audio/pcmu" } },
        },
      },
    );
    const { linearToAlaw, ulawToLinear } = await import("../src/audio/g711.js");
    const tone = pcm16Tone(500, 300);
    const alaw = Buffer.alloc(tone.length / 3);
    for (let i = 0; i < alaw.length; i++) alaw[i] = linearToAlaw(tone[i * 3] ?? 0);
    c.send({
      type: "conversation.item.create",
      item: {
        type: "message",
        role: "user",
        content: [{ type: "input_audio", audio: alaw.toString("base64") }],
      },
    });
    c.send({ type: "response.create" });
    const evs = await c.until("response.done");
    expect(evs.at(-1)?.response).toMatchObject({
      audio: { output: { format: { type: "audio/pcmu" } } },
    });
    const deltas = evs
      .filter((e) => e.type === "response.output_audio.delta")
      .map((e) => Buffer.from(String(e.delta), "base64"));
    expect(deltas.map((d) => d.length)).toEqual([1600, 1600, 800]);
    const back = Buffer.concat(deltas);
    let err = 0;
    for (let i = 0; i < back.length; i++)
      err = Math.max(err, Math.abs(ulawToLinear(back[i] ?? 0) - (tone[i * 3] ?? 0)));
    expect(err).toBeLessThan(1200);
    c.ws.close();
  });
});
