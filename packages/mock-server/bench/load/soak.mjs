// The memory part of the load benchmark, in its own process: K sessions each stream 10 minutes
// of audio (2 s of tone, 0.5 s of silence: a turn every 2.5 s, each answered by the parrot) as
// fast as the server takes it, then wait for the orchestrator to measure, then close.
import WebSocket from "ws";

const [url, sessionsArg, minutesArg] = process.argv.slice(2);
const sessions = Number(sessionsArg);
const frameCount = Number(minutesArg) * 60 * 50;

const frames = [];
for (let f = 0; f < 125; f++) {
  const pcm = new Int16Array(480);
  if (f < 100)
    for (let i = 0; i < 480; i++)
      pcm[i] = Math.round(Math.sin((2 * Math.PI * 300 * (f * 480 + i)) / 24000) * 9000);
  frames.push(
    JSON.stringify({
      type: "input_audio_buffer.append",
      audio: Buffer.from(pcm.buffer).toString("base64"),
    }),
  );
}
const update = JSON.stringify({
  type: "session.update",
  session: {
    type: "realtime",
    audio: { input: { turn_detection: { type: "server_vad", interrupt_response: false } } },
  },
});
const clear = JSON.stringify({ type: "input_audio_buffer.clear" });

let responses = 0;
async function one() {
  const ws = new WebSocket(`${url}?model=gpt-realtime`, {
    headers: { Authorization: "Bearer sk-load-bench-1" },
  });
  let wake = () => {};
  ws.on("message", (d) => {
    const ev = JSON.parse(d.toString());
    if (ev.type === "response.done") responses++;
    if (ev.type === "session.updated" || ev.type === "input_audio_buffer.cleared") wake();
  });
  await new Promise((r) => ws.once("open", r));
  const acked = () =>
    new Promise((r) => {
      wake = r;
    });
  let ack = acked();
  ws.send(update);
  await ack;
  // 2.5 s of audio at a time, then a clear round trip (flow control), and on.
  for (let i = 0; i < frameCount; i += 125) {
    for (let f = 0; f < 125; f++) ws.send(frames[f]);
    // The clear comes after the turn ended (the last 0.5 s is silence), so it never cuts one.
    ack = acked();
    ws.send(clear);
    await ack;
  }
  return ws;
}

const open = await Promise.all(Array.from({ length: sessions }, one));
await new Promise((r) => setTimeout(r, 1000));
process.send({ kind: "streamed", responses });
await new Promise((r) => process.once("message", r));
for (const ws of open) ws.close();
await new Promise((r) => setTimeout(r, 500));
process.send({ kind: "closed" });
