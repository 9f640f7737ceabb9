import WebSocket from "ws";
import v8 from "node:v8";
import { startMockServer } from "../dist/index.js";
const server = await startMockServer({});
const K = 10;
const frames = [];
for (let f = 0; f < 125; f++) {
  const pcm = new Int16Array(480);
  if (f < 100) for (let i = 0; i < 480; i++) pcm[i] = Math.round(Math.sin((2 * Math.PI * 300 * (f * 480 + i)) / 24000) * 9000);
  frames.push(JSON.stringify({ type: "input_audio_buffer.append", audio: Buffer.from(pcm.buffer).toString("base64") }));
}
async function one() {
  const ws = new WebSocket(`${server.url}?model=gpt-realtime`, { headers: { Authorization: "Bearer sk-mem-test-1" } });
  let wake = () => {};
  ws.on("message", (d) => { const e = JSON.parse(d.toString()); if (e.type === "session.updated" || e.type === "input_audio_buffer.cleared") wake(); });
  await new Promise((r) => ws.once("open", r));
  let ack = new Promise((r) => { wake = r; });
  ws.send(JSON.stringify({ type: "session.update", session: { type: "realtime", audio: { input: { turn_detection: { type: "server_vad", interrupt_response: false } } } } }));
  await ack;
  for (let i = 0; i < 30000; i += 125) {
    for (let f = 0; f < 125; f++) ws.send(frames[f]);
    ack = new Promise((r) => { wake = r; });
    ws.send(JSON.stringify({ type: "input_audio_buffer.clear" }));
    await ack;
  }
  return ws;
}
const wss = await Promise.all(Array.from({ length: K }, one));
await new Promise((r) => setTimeout(r, 1000));
let audio = 0, items = 0, recChars = 0;
for (const s of server.sessions) { for (const it of s.items()) { items++; for (const p of it.content ?? []) if (p.audio) audio += p.audio.length * 3 / 4; } recChars += JSON.stringify(s.received).length; }
console.log({ perSessionItems: items / K, perSessionAudioKB: audio / K / 1024, perSessionReceivedKB: recChars / K / 1024 });
v8.writeHeapSnapshot("/tmp/mh/heap.heapsnapshot");
for (const ws of wss) ws.close();
await server.close();
