import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, bench, describe } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { type MockServer, pcm16SpeechLike, startMockServer } from "../src/index.js";

// 1 s of speech-like audio as fifty 20 ms appends, the way a microphone streams it.
const audio = pcm16SpeechLike(1000);
const appends = Array.from({ length: 50 }, (_, i) => {
  const chunk = audio.subarray(i * 480, (i + 1) * 480);
  return JSON.stringify({
    type: "input_audio_buffer.append",
    audio: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("base64"),
  });
});
const clear = JSON.stringify({ type: "input_audio_buffer.clear" });

let mock: MockServer;
let raw: WebSocketServer;
let mockClient: WebSocket;
let rawClient: WebSocket;

function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers: { Authorization: "Bearer sk-bench-1234" } });
  return new Promise((resolve) => ws.once("message", () => resolve(ws)));
}

/** Sends one second of appends and waits for the answer to the final clear. */
function roundTrip(ws: WebSocket): Promise<void> {
  const done = new Promise<void>((resolve) => ws.once("message", () => resolve()));
  for (const a of appends) ws.send(a);
  ws.send(clear);
  return done;
}

beforeAll(async () => {
  // No VAD turn ends inside the benchmark: a long silence window keeps the detector busy but quiet.
  mock = await startMockServer();
  mockClient = await open(`${mock.url}?model=gpt-realtime`);
  mockClient.send(
    JSON.stringify({
      type: "session.update",
      session: {
        type: "realtime",
        audio: {
          input: {
            turn_detection: {
              type: "server_vad",
              silence_duration_ms: 10_000,
              create_response: false,
            },
          },
        },
      },
    }),
  );
  await new Promise((r) => mockClient.once("message", r));
  // Baseline: a bare ws server that parses each frame and answers the clear, nothing else.
  raw = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  raw.on("connection", (ws) => {
    ws.send("{}");
    ws.on("message", (d) => {
      const ev = JSON.parse(d.toString()) as { type: string };
      if (ev.type === "input_audio_buffer.clear") ws.send('{"type":"input_audio_buffer.cleared"}');
    });
  });
  await new Promise((r) => raw.once("listening", r));
  rawClient = await open(`ws://127.0.0.1:${(raw.address() as AddressInfo).port}`);
});

afterAll(async () => {
  mockClient.close();
  rawClient.close();
  await mock.close();
  await new Promise((r) => raw.close(r));
});

describe("1 s of 20 ms input_audio_buffer.append over a socket", () => {
  bench("bare ws server (JSON.parse only)", async () => {
    await roundTrip(rawClient);
  });
  bench("mock server (append check + base64 + VAD + buffer)", async () => {
    await roundTrip(mockClient);
  });
});
