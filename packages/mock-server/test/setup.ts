import { afterEach } from "vitest";
import {
  type MockServer,
  type MockServerOptions,
  pcm16Silence,
  pcm16Tone,
  startMockServer,
} from "../src/index.js";
import { connect, type TestClient } from "./client.js";

/** Starts a server and a connected client that has seen `session.created`, with an optional session.update applied. */
export async function openSession(
  options: MockServerOptions = {},
  session?: Record<string, unknown>,
): Promise<{ server: MockServer; c: TestClient }> {
  const server = await startMockServer(options);
  const c = connect(server);
  await c.next("session.created");
  if (session) {
    c.send({ type: "session.update", session: { type: "realtime", ...session } });
    await c.next("session.updated");
  }
  return { server, c };
}

/**
 * One server per test: `open(options?, session?)` starts it with a connected client (see
 * {@link openSession}); the last one opened is `current` and is closed after the test.
 */
export function serverPerTest() {
  const state: { current: MockServer | undefined; open: typeof open } = {
    current: undefined,
    open,
  };
  async function open(...args: Parameters<typeof openSession>): Promise<TestClient> {
    const o = await openSession(...args);
    state.current = o.server;
    return o.c;
  }
  afterEach(async () => {
    await state.current?.close();
    state.current = undefined;
  });
  return state;
}

/** PCM16 samples as little-endian bytes in base64. */
export function b64(samples: Int16Array): string {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString("base64");
}

/** Sends audio in 20 ms appends, as a microphone would. */
export function appendAudio(c: TestClient, samples: Int16Array, chunkMs = 20): void {
  const step = chunkMs * 24;
  for (let i = 0; i < samples.length; i += step) {
    c.send({ type: "input_audio_buffer.append", audio: b64(samples.subarray(i, i + step)) });
  }
}

/** Concatenates PCM pieces. */
export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A spoken-turn stand-in: silence, a tone, silence. */
export function utterance(
  leadMs: number,
  toneMs: number,
  tailMs: number,
  amplitude = 0.3,
): Int16Array {
  return concat(pcm16Silence(leadMs), pcm16Tone(toneMs, 300, amplitude), pcm16Silence(tailMs));
}

/** Text message item for conversation.item.create. */
export function userText(text: string): Record<string, unknown> {
  return { type: "message", role: "user", content: [{ type: "input_text", text }] };
}
