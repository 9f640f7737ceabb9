// The load generator of the load benchmark, in its own process: N sessions, each appending 20 ms
// of audio every 20 ms (2 s of tone, 0.5 s of silence, repeated: a turn every 2.5 s that the
// parrot answers), and timing every reply audio delta against real time.
import WebSocket from "ws";

const [url, sessionsArg, durationArg] = process.argv.slice(2);
const sessions = Number(sessionsArg);
const durationMs = Number(durationArg);
const FRAME_MS = 20;
const DELTA_MS = 200;
const DELTA_PREFIX = '{"type":"response.output_audio.delta"';

// One 2.5 s cycle of 20 ms frames as ready-made append events.
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
    audio: {
      input: {
        turn_detection: { type: "server_vad", interrupt_response: false, create_response: true },
      },
    },
  },
});

const lateness = [];
const pacing = [];
const streams = new Map();
let errors = 0;
let dropped = 0;
let deltas = 0;
const open = [];

let measuring = false;

function onDelta(key, now) {
  if (!measuring) return;
  deltas++;
  let s = streams.get(key);
  if (!s) {
    s = [];
    streams.set(key, s);
  }
  s.push(now);
}

/**
 * A reply stream's deltas against the ideal real-time schedule (one per 200 ms), anchored at
 * its earliest delta: lateness is how far each arrives behind that schedule; pacing is the
 * stream's rate error (0 = real time, +0.02 = 2% slower).
 */
function finishStream(key) {
  const s = streams.get(key);
  streams.delete(key);
  if (!s || s.length < 2) return;
  let base = Number.POSITIVE_INFINITY;
  for (let k = 0; k < s.length; k++) base = Math.min(base, s[k] - k * DELTA_MS);
  for (let k = 0; k < s.length; k++) lateness.push(s[k] - k * DELTA_MS - base);
  if (s.length >= 5) pacing.push((s.at(-1) - s[0]) / ((s.length - 1) * DELTA_MS) - 1);
}

await Promise.all(
  Array.from(
    { length: sessions },
    (_, i) =>
      new Promise((resolve) => {
        setTimeout(
          () => {
            const ws = new WebSocket(`${url}?model=gpt-realtime`, {
              headers: { Authorization: "Bearer sk-load-bench-1" },
            });
            ws.on("message", (data) => {
              const now = performance.now();
              // Audio deltas (most of the bytes) are recognised without parsing their 13 KB, so
              // the generator keeps up at high session counts: the type comes first on both servers.
              if (data.subarray(0, 40).toString().startsWith(DELTA_PREFIX)) {
                const text = data.subarray(0, 200).toString();
                const at = text.indexOf('"response_id":"') + 15;
                onDelta(`${i}:${text.slice(at, text.indexOf('"', at))}`, now);
                return;
              }
              const ev = JSON.parse(data.toString());
              if (ev.type === "session.created") {
                ws.send(update);
              } else if (ev.type === "session.updated") {
                open.push(ws);
                resolve();
              } else if (ev.type === "response.output_audio.delta") {
                onDelta(`${i}:${ev.response_id}`, now);
              } else if (ev.type === "response.done") {
                finishStream(`${i}:${ev.response.id}`);
              } else if (ev.type === "error") {
                errors++;
              }
            });
            ws.on("close", () => {
              if (measuring) dropped++;
            });
            ws.on("error", () => resolve());
          },
          (i * 1000) / sessions,
        );
      }),
  ),
);

process.send?.({ kind: "ready" });
await new Promise((r) => process.once("message", r));

// Every session sends the frames due by now (catching up after a late timer), phase-shifted.
measuring = true;
const t0 = performance.now();
const sent = new Array(open.length).fill(0);
await new Promise((resolve) => {
  const tick = () => {
    const now = performance.now();
    if (now - t0 >= durationMs) return resolve();
    open.forEach((ws, i) => {
      const due = Math.floor((now - t0) / FRAME_MS);
      while (sent[i] < due) ws.send(frames[(sent[i]++ + i * 7) % frames.length]);
    });
    setTimeout(tick, FRAME_MS / 4);
  };
  tick();
});
const wall = performance.now() - t0;
for (const key of [...streams.keys()]) finishStream(key);
measuring = false;
for (const ws of open) ws.terminate();

const sorted = lateness.sort((a, b) => a - b);
const pct = (p) =>
  sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
    : Number.NaN;
const absPacing = pacing.map(Math.abs).sort((a, b) => a - b);
process.send?.({
  kind: "result",
  scenario: url,
  sessions: open.length,
  appendsPerSecond: sent.reduce((a, b) => a + b, 0) / (wall / 1000),
  deltas,
  p50: pct(50),
  p99: pct(99),
  max: sorted.at(-1) ?? Number.NaN,
  pacingMeanAbs: absPacing.reduce((a, b) => a + b, 0) / (absPacing.length || 1),
  pacingMean: pacing.reduce((a, b) => a + b, 0) / (pacing.length || 1),
  pacingP99Abs: absPacing[Math.floor(absPacing.length * 0.99)] ?? Number.NaN,
  responses: pacing.length,
  errors,
  dropped,
});
process.exit(0);
