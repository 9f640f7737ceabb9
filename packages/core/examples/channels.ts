import { chan, comp, filter, map, sliding, toArray } from "@echo/core";

/** Channels: backpressure, a transducer, close semantics, a sliding buffer. */
export async function main(): Promise<{ tens: number[]; latest: number[] }> {
  // Room for 2 values; the transducer runs on every put.
  const tens = chan(
    2,
    comp(
      map((n: number) => n * 10),
      filter((n: number) => n !== 20),
    ),
  );
  const producer = (async () => {
    for (const n of [1, 2, 3, 4]) await tens.put(n); // waits while the buffer is full
    tens.close(); // buffered values are still delivered
  })();
  const collected = await toArray(tens); // takes until closed and drained
  await producer;

  // A sliding buffer never blocks: it keeps the newest values.
  const latest = chan<number>(sliding(2));
  for (const n of [1, 2, 3, 4, 5]) latest.offer(n);
  latest.close();

  return { tens: collected, latest: await toArray(latest) };
}
