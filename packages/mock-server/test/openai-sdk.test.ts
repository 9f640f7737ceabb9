import OpenAI from "openai";
import { OpenAIRealtimeWS } from "openai/realtime/ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, pcm16Tone, startMockServer } from "../src/index.js";

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ tls: true });
});
afterAll(async () => {
  await server.close();
});

/** The official client, unchanged: it always dials wss://, so it gets our certificate as a `ws` option. */
function openRealtime(): OpenAIRealtimeWS {
  const client = new OpenAI({ apiKey: "sk-test-openai-sdk", baseURL: `${server.httpUrl}/v1` });
  return new OpenAIRealtimeWS(
    { model: "gpt-realtime", options: { ca: server.certificate } },
    client,
  );
}

function once<T>(
  rt: OpenAIRealtimeWS,
  type: "session.created" | "session.updated" | "response.done",
): Promise<T> {
  return new Promise((resolve) => rt.once(type, (ev: unknown) => resolve(ev as T)));
}

describe("the official openai package against the mock", () => {
  it("completes a text turn", async () => {
    const rt = openRealtime();
    const errors: unknown[] = [];
    rt.on("error", (e) => errors.push(e));
    await once(rt, "session.created");
    rt.send({ type: "session.update", session: { type: "realtime", output_modalities: ["text"] } });
    await once(rt, "session.updated");
    const deltas: string[] = [];
    rt.on("response.output_text.delta", (ev: { delta: string }) => deltas.push(ev.delta));
    rt.send({
      type: "conversation.item.create",
      item: {
        type: "message",
        role: "user",
        content: [{ type: "input_text", text: "Hello from the SDK" }],
      },
    });
    rt.send({ type: "response.create" });
    const done = await once<{ response: { status: string } }>(rt, "response.done");
    expect(done.response.status).toBe("completed");
    expect(deltas.join("")).toBe("Hello from the SDK");
    expect(errors).toEqual([]);
    rt.close();
  });

  it("completes an audio turn with server VAD", async () => {
    const rt = openRealtime();
    const errors: unknown[] = [];
    rt.on("error", (e) => errors.push(e));
    await once(rt, "session.created");
    const started = new Promise((resolve) => rt.once("input_audio_buffer.speech_started", resolve));
    let audioBytes = 0;
    const transcript: string[] = [];
    rt.on("response.output_audio.delta", (ev) => {
      audioBytes += Buffer.from(ev.delta, "base64").length;
    });
    rt.on("response.output_audio_transcript.delta", (ev) => transcript.push(ev.delta));
    const speech = new Int16Array(24000 * 1.5);
    speech.set(pcm16Tone(700, 300), 24 * 300);
    for (let i = 0; i < speech.length; i += 480) {
      const chunk = speech.subarray(i, i + 480);
      rt.send({
        type: "input_audio_buffer.append",
        audio: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("base64"),
      });
    }
    await started;
    const done = await once<{ response: { status: string; output: Array<{ type: string }> } }>(
      rt,
      "response.done",
    );
    expect(done.response.status).toBe("completed");
    expect(done.response.output[0]?.type).toBe("message");
    expect(audioBytes).toBeGreaterThan(24000);
    expect(transcript.join("")).toMatch(/s of audio/);
    expect(errors).toEqual([]);
    rt.close();
  });
});
