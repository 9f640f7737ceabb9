import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, bench, describe } from "vitest";
import WebSocket from "ws";
import { connect, createWebSocketTransport } from "../src/index.js";

// Both clients read the same prepared stream from the same server, in the same run: what a
// response looks like on the wire (mostly small text/transcript deltas, some 20 ms audio deltas).
// The server runs in ANOTHER process (bench/server-process.mjs), so its work is not billed to the
// client; besides wall time, each variant's CPU time per event (process.cpuUsage) is printed.
const SERVER_EVENTS = 20_000;
const CLIENT_EVENTS = 5_000;
const audio20ms = Buffer.alloc(960, 7).toString("base64");
const append = { type: "input_audio_buffer.append" as const, audio: audio20ms };

const child = spawn(
  process.execPath,
  [fileURLToPath(new URL("./server-process.mjs", import.meta.url))],
  {
    env: { ...process.env, EVENTS: String(SERVER_EVENTS), SINK_EVENTS: String(CLIENT_EVENTS) },
    stdio: ["pipe", "pipe", "inherit"],
  },
);
const port = await new Promise<number>((resolve, reject) => {
  child.once("error", reject);
  child.stdout.once("data", (d: Buffer) => resolve(Number(d.toString().trim())));
});
const base = `ws://127.0.0.1:${port}/v1/realtime`;
const blastUrl = `${base}?mode=blast`;
const sinkUrl = `${base}?mode=sink`;
const options = { apiKey: "sk-bench", heartbeat: false } as const;

/** CPU microseconds (user + system) spent by this process per variant, and events handled. */
const cpu = new Map<string, { us: number; events: number }>();
async function measured(name: string, events: number, run: () => Promise<void>): Promise<void> {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  const total = cpu.get(name) ?? { us: 0, events: 0 };
  total.us += used.user + used.system;
  total.events += events;
  cpu.set(name, total);
}

afterAll(() => {
  child.stdin?.end();
  child.kill();
  const perEvent = (name: string) => {
    const t = cpu.get(name);
    return t === undefined || t.events === 0 ? Number.NaN : t.us / t.events;
  };
  const rows = [
    ["raw ws + JSON.parse", "raw ws + JSON.parse"],
    ["connect() session (for await)", "raw ws + JSON.parse"],
    ["raw ws.send(JSON.stringify)", "raw ws.send(JSON.stringify)"],
    ["transport.send (no session)", "raw ws.send(JSON.stringify)"],
    ["connect() session.put", "raw ws.send(JSON.stringify)"],
  ].map(([name, baseline]) => {
    const us = perEvent(name as string);
    return `  ${(name as string).padEnd(32)} ${us.toFixed(2).padStart(7)} us CPU/event  ${(us / perEvent(baseline as string)).toFixed(2)}x`;
  });
  console.log(`\nclient CPU per event (server in another process):\n${rows.join("\n")}\n`);
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
    () =>
      measured("raw ws + JSON.parse", SERVER_EVENTS, async () => {
        const ws = new WebSocket(blastUrl, { headers: { Authorization: "Bearer sk-bench" } });
        await new Promise<void>((resolve) => {
          let n = 0;
          ws.on("message", (data) => {
            const ev = JSON.parse(data.toString()) as { type: string };
            if (ev.type !== "" && ++n === SERVER_EVENTS) resolve();
          });
        });
        ws.close();
      }),
    { time: 1500 },
  );

  bench(
    "connect() session (for await)",
    () =>
      measured("connect() session (for await)", SERVER_EVENTS, async () => {
        const session = await connect({ ...options, url: blastUrl });
        let n = 0;
        for await (const ev of session) {
          if (ev.type !== undefined && ++n === SERVER_EVENTS) break;
        }
        await session.close();
      }),
    { time: 1500 },
  );
});

describe("client events/s: 5k input_audio_buffer.append (20 ms) sent, each awaited", () => {
  bench(
    "raw ws.send(JSON.stringify)",
    () =>
      measured("raw ws.send(JSON.stringify)", CLIENT_EVENTS, async () => {
        const ws = await rawClient(sinkUrl);
        const done = new Promise<void>((resolve) => ws.once("message", () => resolve()));
        for (let i = 0; i < CLIENT_EVENTS; i++) ws.send(JSON.stringify(append));
        await done;
        ws.close();
      }),
    { time: 1500 },
  );

  bench(
    "transport.send (no session)",
    () =>
      measured("transport.send (no session)", CLIENT_EVENTS, async () => {
        const transport = createWebSocketTransport({ ...options, url: sinkUrl });
        let resolveDone: () => void = () => {};
        const done = new Promise<void>((r) => {
          resolveDone = r;
        });
        await transport.open({ message: () => resolveDone(), local: () => {}, closed: () => {} });
        for (let i = 0; i < CLIENT_EVENTS; i++) await transport.send(JSON.stringify(append));
        await done;
        await transport.close();
      }),
    { time: 1500 },
  );

  bench(
    "connect() session.put",
    () =>
      measured("connect() session.put", CLIENT_EVENTS, async () => {
        const session = await connect({ ...options, url: sinkUrl });
        for (let i = 0; i < CLIENT_EVENTS; i++) await session.put(append);
        // bench.done is not a Realtime event: the session passes it through as an unknown one.
        for await (const ev of session) if ((ev.type as string) === "bench.done") break;
        await session.close();
      }),
    { time: 1500 },
  );
});
