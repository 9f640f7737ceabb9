// One server process of the load benchmark: the mock (default behaviour, replies paced to real
// time) or a bare `ws` server doing the least the same load needs. Reports event-loop delay,
// CPU and memory over IPC. Run by ../load.bench.ts; needs `pnpm build` (imports ../../dist).
import { monitorEventLoopDelay } from "node:perf_hooks";
import { WebSocketServer } from "ws";

const kind = process.argv[2];
const loop = monitorEventLoopDelay({ resolution: 1 });
let cpu = process.cpuUsage();
let started = performance.now();
let port;

if (kind === "mock") {
  // LOAD_MOCK_DIST=<path to a dist/index.js> measures another build (e.g. an older one).
  const { startMockServer } = await import(process.env.LOAD_MOCK_DIST ?? "../../dist/index.js");
  const server = await startMockServer({ deltaIntervalMs: 200, audioChunkMs: 200 });
  port = server.port;
} else {
  // The floor: parse every frame, stream a pre-made 200 ms audio delta every 200 ms.
  const audio = Buffer.alloc(200 * 48, 7).toString("base64");
  const delta = JSON.stringify({
    type: "response.output_audio.delta",
    event_id: "event_0000000000000000000000",
    response_id: "resp_bare",
    item_id: "item_bare",
    output_index: 0,
    content_index: 0,
    delta: audio,
  });
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise((r) => wss.once("listening", r));
  port = wss.address().port;
  wss.on("connection", (ws) => {
    ws.send('{"type":"session.created","event_id":"event_0","session":{}}');
    ws.on("message", (d) => {
      const ev = JSON.parse(d.toString());
      if (ev.type === "session.update")
        ws.send('{"type":"session.updated","event_id":"event_1","session":{}}');
    });
    const t0 = performance.now();
    let k = 0;
    const tick = () => {
      ws.send(delta);
      k++;
      timer = setTimeout(tick, Math.max(0, t0 + (k + 1) * 200 - performance.now()));
    };
    let timer = setTimeout(tick, 200);
    ws.on("close", () => clearTimeout(timer));
  });
}

/** Memory after full GCs (twice, a moment apart, so freed ArrayBuffers are swept too). */
async function memory() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
}

process.on("message", async (msg) => {
  if (msg === "start") {
    const before = await memory();
    loop.reset();
    loop.enable();
    cpu = process.cpuUsage();
    started = performance.now();
    process.send({ kind: "started", memory: before });
  } else if (msg === "report") {
    loop.disable();
    const used = process.cpuUsage(cpu);
    const wall = performance.now() - started;
    process.send({
      kind: "report",
      server: kind,
      loopP50Ms: loop.percentile(50) / 1e6,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
      cpuShare: (used.user + used.system) / 1000 / wall,
      memory: await memory(),
    });
  } else if (msg === "exit") {
    process.exit(0);
  } else if (msg === "memory") {
    process.send({ kind: "memory", memory: await memory() });
  }
});
process.send({ kind: "listening", port });
