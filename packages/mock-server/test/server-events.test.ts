import { safeParseServerEvent } from "@echo/schema";
import { afterEach, describe, expect, it } from "vitest";
import { type MockServer, pcm16Tone, scripted } from "../src/index.js";
import { appendAudio, openSession, userText, utterance } from "./setup.js";

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("every event the mock sends is a known GA server event that @echo/schema parses", () => {
  it("across text, audio, VAD, tools, cancel, items and errors", async () => {
    const o = await openSession({
      deltaIntervalMs: 1,
      behavior: scripted([
        "Text reply.",
        [{ type: "function_call", name: "lookup", arguments: '{"q":1}', call_id: "call_x" }],
        [{ type: "message", text: "long", audio: pcm16Tone(3000) }],
      ]),
    });
    server = o.server;
    const c = o.c;
    c.send({
      type: "session.update",
      session: { type: "realtime", audio: { input: { transcription: { model: "whisper-1" } } } },
    });
    c.send({ type: "conversation.item.create", item: { ...userText("hi"), id: "item_u1" } });
    c.send({ type: "response.create", response: { output_modalities: ["text"] } });
    await c.next("rate_limits.updated");
    c.send({ type: "response.create" });
    await c.next("rate_limits.updated");
    c.send({
      type: "conversation.item.create",
      item: { type: "function_call_output", call_id: "call_x", output: "{}" },
    });
    c.send({ type: "response.create" });
    await c.next("response.output_audio.delta");
    c.send({ type: "response.cancel" });
    const done = await c.next("response.done");
    const assistant = (done.response as { output: Array<{ id: string }> }).output[0]?.id;
    c.send({
      type: "conversation.item.truncate",
      item_id: assistant,
      content_index: 0,
      audio_end_ms: 100,
    });
    c.send({ type: "conversation.item.retrieve", item_id: "item_u1" });
    c.send({ type: "conversation.item.delete", item_id: "item_u1" });
    c.send({ type: "input_audio_buffer.clear" });
    c.send({ type: "nope" });
    appendAudio(c, utterance(300, 400, 400));
    await c.next("conversation.item.input_audio_transcription.completed");
    await c.next("rate_limits.updated");
    const seen = new Set<string>();
    for (const ev of c.events) {
      const parsed = safeParseServerEvent(ev);
      expect(parsed.success ? parsed.known : parsed.error.message, ev.type).toBe(true);
      seen.add(ev.type);
    }
    expect(seen.size).toBeGreaterThanOrEqual(28);
    c.ws.close();
  });
});
