import { afterAll, bench, describe } from "vitest";
import type { ClientEvent } from "../src/events/index.js";
import { openSession, type Session } from "../src/session/index.js";

// The session send path: put -> checks -> JSON.stringify -> transport.send, for 20 ms audio
// appends. 512 DISTINCT chunks (1.3 MB): one repeated string would be cached and predicted.
const CHUNKS = 512;
const appends: ClientEvent[] = Array.from({ length: CHUNKS }, (_, n) => {
  const bytes = new Uint8Array(1920);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + n * 17 + ((i * n) >> 3)) & 255;
  return { type: "input_audio_buffer.append", audio: Buffer.from(bytes).toString("base64") };
});
// Each op sends BATCH events; events/s = ops/s x BATCH.
const BATCH = 256;

let sink = 0;
const session: Session = await openSession({
  async open() {},
  async send(data) {
    sink += data.length;
  },
  async close() {},
});
let k = 0;

describe(`session send path, ${BATCH} distinct 20 ms appends per op`, () => {
  bench("baseline: JSON.stringify in a loop", () => {
    for (let i = 0; i < BATCH; i++) sink += JSON.stringify(appends[k++ & (CHUNKS - 1)]).length;
  });
  bench("session.put (each awaited)", async () => {
    for (let i = 0; i < BATCH; i++) await session.put(appends[k++ & (CHUNKS - 1)] as ClientEvent);
  });
});

afterAll(() => {
  if (Number.isNaN(sink)) throw new Error("unreachable");
});
