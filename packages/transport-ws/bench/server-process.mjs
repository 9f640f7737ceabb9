// The bench's server, in a process of its own so that its CPU is not the client's.
// `?mode=blast` connections get EVENTS prepared server events at once; `?mode=sink` ones count
// client frames and answer `bench.done` after SINK_EVENTS. Prints its port on stdout.
import { WebSocketServer } from "ws";

const EVENTS = Number(process.env.EVENTS ?? 20_000);
const SINK_EVENTS = Number(process.env.SINK_EVENTS ?? 5_000);
const audio20ms = Buffer.alloc(960, 7).toString("base64");
const frames = Array.from({ length: EVENTS }, (_, i) =>
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

const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
server.on("connection", (ws, req) => {
  if (req.url?.includes("mode=blast")) {
    for (const f of frames) ws.send(f);
    return;
  }
  let n = 0;
  ws.on("message", () => {
    if (++n === SINK_EVENTS) ws.send('{"type":"bench.done"}');
  });
});
server.on("listening", () => process.stdout.write(`${server.address().port}\n`));
process.on("disconnect", () => process.exit(0));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
