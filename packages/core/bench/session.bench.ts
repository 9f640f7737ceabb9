import { afterAll, bench, describe } from "vitest";
import { map } from "../src/channel/index.js";
import type { SessionEvent } from "../src/events/index.js";
import { openSession, type Session, type TransportHandlers } from "../src/session/index.js";

// The session event path: JSON text in -> one JSON.parse -> xfOut -> taken by the reader.
// Each op moves BATCH events; events/s = ops/s x BATCH.
const BATCH = 1000;

const frames = Array.from({ length: BATCH }, (_, i) =>
  JSON.stringify({
    type: "response.output_audio_transcript.delta",
    event_id: `event_${i.toString().padStart(21, "0")}`,
    response_id: "resp_CA8ZnxhzJwZ5Ws8sGcbFn",
    item_id: "item_CA8Zn1GyvnEw8EZ7wKyWt",
    output_index: 0,
    content_index: 0,
    delta: " and that is how",
    obfuscation: "aXy1Rt",
  }),
);

let handlers: TransportHandlers | undefined;
const session: Session<SessionEvent> = await openSession(
  {
    async open(h) {
      handlers = h;
    },
    async send() {},
    async close() {
      handlers?.closed({ kind: "client", code: 1000, reason: "" });
    },
  },
  { xfOut: map((ev: SessionEvent) => ev) },
);
const deliver = handlers as unknown as TransportHandlers;

let sink = 0;

describe(`session event path, ${BATCH} events per op (events/s = ops/s x ${BATCH})`, () => {
  bench("baseline: bare JSON.parse in a loop", () => {
    for (let i = 0; i < BATCH; i++)
      sink += (JSON.parse(frames[i] as string) as { type: string }).type.length;
  });
  bench("session: frame -> JSON.parse -> xfOut -> take()", async () => {
    for (let i = 0; i < BATCH; i++) deliver.message(frames[i] as string);
    for (let i = 0; i < BATCH; i++) sink += ((await session.take()) as SessionEvent).type.length;
  });
});

// Read the results so the benchmarked work is never optimized away.
afterAll(() => {
  if (Number.isNaN(sink)) throw new Error("unreachable");
});
