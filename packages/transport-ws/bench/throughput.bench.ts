import type { AddressInfo } from "node:net";
import { afterAll, bench, describe } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { connect, createWebSocketTransport } from "../src/index.js";

// Both clients read the same prepared stream from the same server, in the same run: what a
// response looks like on the wire (mostly small text/transcript deltas, some 20 ms audio deltas).
const SERVER_EVENTS = 20_000;
const CLIENT_EVENTS = 5_000;
const audio20ms = Buffer.alloc(960, 7).toString("base64");
const frames = Array.from({ length: SERVER_EVENTS }, (_, i) =>
  JSON.stringify(
    i % 10 === 0
      ? {
          type: "response.output_audio.delta",
          event_id: `event_${i}`,
          response_id: "resp_1",
          item_id: "item_1",
          output_index: 0,
          content_index: 0,
          delta: audio20ms,
        }
      : {
          type: "response.output_audio_transcript.delta",
          event_id: `event_${i}`,
          response_id: "resp_1",
          item_id: "item_1",
          output_index: 0,
          content_index: 0,
          delta: "word ",
        },
  ),
);
const append = { type: "input_audio_buffer.append" as const, audio: audio20ms };

// `?mode=blast` connections get the prepared stream; `?mode=sink` ones count client frames and
// answer `bench.done` after CLIENT_EVENTS.
const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
await new Promise<void>((resolve) => server.once("listening", () => resolve()));
server.on("connection", (ws, req) => {
  if (req.url?.includes("mode=blast")) {
    for (const f of frames) ws.send(f);
    return;
  }
  let n = 0;
  ws.on("message", () => {
    if (++n === CLIENT_EVENTS) ws.send('{"type":"bench.done"}');
  });
});
const base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/realtime`;
const blastUrl = `${base}?mode=blast`;
const sinkUrl = `${base}?mode=sink`;
const options = { apiKey: "sk-bench", heartbeat: false } as const;

afterAll(() => {
  for (const c of server.clients) c.terminate();
  server.close();
});

function rawClient(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers: { Authorization: "Bearer sk-bench" } });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

describe("server events/s: 20k events (10% 20 ms audio deltas) received and parsed", () => {
  bench(
    "raw ws + JSON.parse",
    async () => {
      const ws = new WebSocket(blastUrl, { headers: { Authorization: "Bearer sk-bench" } });
      await new Promise<void>((resolve) => {
        let n = 0;
        ws.on("message", (data) => {
          const ev = JSON.parse(data.toString()) as { type: string };
          if (ev.type !== "" && ++n === SERVER_EVENTS) resolve();
        });
      });
      ws.close();
    },
    { time: 1500 },
  );

  bench(
    "connect() session (for await)",
    async () => {
      const session = await connect({ ...options, url: blastUrl });
      let n = 0;
      for await (const ev of session) {
        if (ev.type !== undefined && ++n === SERVER_EVENTS) break;
      }
      await session.close();
    },
    { time: 1500 },
  );
});

describe("client events/s: 5k input_audio_buffer.append (20 ms) sent, each awaited", () => {
  bench(
    "raw ws.send(JSON.stringify)",
    async () => {
      const ws = await rawClient(sinkUrl);
      const done = new Promise<void>((resolve) => ws.once("message", () => resolve()));
      for (let i = 0; i < CLIENT_EVENTS; i++) ws.send(JSON.stringify(append));
      await done;
      ws.close();
    },
    { time: 1500 },
  );

  bench(
    "transport.send (no session)",
    async () => {
      const transport = createWebSocketTransport({ ...options, url: sinkUrl });
      let resolveDone: () => void = () => {};
      const done = new Promise<void>((r) => {
        resolveDone = r;
      });
      await transport.open({ message: () => resolveDone(), local: () => {}, closed: () => {} });
      for (let i = 0; i < CLIENT_EVENTS; i++) await transport.send(JSON.stringify(append));
      await done;
      await transport.close();
    },
    { time: 1500 },
  );

  bench(
    "connect() session.put",
    async () => {
      const session = await connect({ ...options, url: sinkUrl });
      for (let i = 0; i < CLIENT_EVENTS; i++) await session.put(append);
      // bench.done is not a Realtime event: the session passes it through as an unknown one.
      for await (const ev of session) if ((ev.type as string) === "bench.done") break;
      await session.close();
    },
    { time: 1500 },
  );
});
