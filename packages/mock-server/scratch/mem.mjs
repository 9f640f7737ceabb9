import WebSocket from "ws";
import { startMockServer } from "../dist/index.js";
const server = await startMockServer({});
const ws = new WebSocket(`${server.url}?model=gpt-realtime`, { headers: { Authorization: "Bearer sk-mem-test-1" } });
let got = 0, done = 0;
ws.on("message", (d) => { got++; const e = JSON.parse(d.toString()); if (e.type === "response.done") done++; });
await new Promise((r) => ws.once("open", r));
ws.send(JSON.stringify({ type: "session.update", session: { type: "realtime", audio: { input: { turn_detection: { type: "server_vad", interrupt_response: false } } } } }));
const frames = [];
for (let f = 0; f < 125; f++) {
  const pcm = new Int16Array(480);
  if (f < 100) for (let i = 0; i < 480; i++) pcm[i] = Math.round(Math.sin((2 * Math.PI * 300 * (f * 480 + i)) / 24000) * 9000);
  frames.push(JSON.stringify({ type: "input_audio_buffer.append", audio: Buffer.from(pcm.buffer).toString("base64") }));
}
const minutes = Number(process.argv[2] ?? 1);
gc(); const m0 = process.memoryUsage();
const total = minutes * 60 * 50;
for (let i = 0; i < total; i++) {
  ws.send(frames[i % 125]);
  if (i % 125 === 124) await new Promise((r) => setTimeout(r, 5));
}
await new Promise((r) => setTimeout(r, 1500));
gc(); await new Promise((r) => setTimeout(r, 100)); gc();
const m1 = process.memoryUsage();
const s = [...server.sessions][0];
const items = s.items();
let audioBytes = 0; for (const it of items) for (const p of it.content ?? []) if (p.audio) audioBytes += Buffer.from(p.audio, "base64").length;
console.log({ minutes, got, done, items: items.length, audioKB: audioBytes / 1024, received: s.received.length, heapKB: (m1.heapUsed - m0.heapUsed) / 1024, externalKB: (m1.external - m0.external) / 1024, abKB: (m1.arrayBuffers - m0.arrayBuffers)/1024 });
ws.close(); await new Promise((r) => setTimeout(r, 300));
gc(); await new Promise((r) => setTimeout(r, 100)); gc();
const m2 = process.memoryUsage();
console.log("retained by the session KB: heap", (m1.heapUsed - m2.heapUsed) / 1024, "external", (m1.external - m2.external) / 1024);
await server.close();
