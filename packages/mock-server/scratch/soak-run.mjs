import { fork } from "node:child_process";
import { once } from "node:events";
const next = (c, k) => new Promise((r) => { const f = (m) => { if (m.kind === k) { c.off("message", f); r(m); } }; c.on("message", f); });
const K = Number(process.argv[2] ?? 10);
for (let rep = 0; rep < Number(process.argv[3] ?? 2); rep++) {
  const server = fork("bench/load/server.mjs", ["mock"], { execArgv: ["--expose-gc"] });
  const { port } = await next(server, "listening");
  const client = fork("bench/load/soak.mjs", [`ws://127.0.0.1:${port}/v1/realtime`, String(K), "10"]);
  const { responses } = await next(client, "streamed");
  server.send("memory"); const a = (await next(server, "memory")).memory;
  client.send("close"); await next(client, "closed");
  server.send("memory"); const b = (await next(server, "memory")).memory;
  const kb = (x) => (x / K / 1024).toFixed(0);
  process.stdout.write(`responses ${responses} heap/sess ${kb(a.heapUsed - b.heapUsed)} KiB external/sess ${kb(a.external - b.external)} KiB arrayBuffers/sess ${kb(a.arrayBuffers - b.arrayBuffers)} KiB\n`);
  client.kill(); server.kill();
}
