import type { ChannelBuffer } from "./buffers.js";
import { type Channel, chan } from "./chan.js";
import { type ReadPort, takeOrEnd } from "./ports.js";

/** What a port yields. */
type ValueOf<P> = P extends ReadPort<infer T> ? T : never;

/**
 * Merges several channels into one: every value taken from any input is put on the returned
 * channel (per-input order is kept; across inputs, values interleave as they arrive). Each
 * input waits for its put to be accepted before taking its next value (backpressure). The output
 * closes once every input has closed and drained (at once for an empty list).
 * An input whose `take` rejects is treated as closed.
 * @param buf the output channel's buffer (unbuffered by default).
 */
export function merge<const P extends readonly ReadPort<unknown>[]>(
  inputs: P,
  buf?: number | ChannelBuffer<ValueOf<P[number]>>,
): Channel<ValueOf<P[number]>> {
  type T = ValueOf<P[number]>;
  const out = chan<T>(buf);
  let open = inputs.length;
  if (open === 0) out.close();
  for (const input of inputs) {
    void (async () => {
      for (;;) {
        const value = (await takeOrEnd(input)) as T | undefined;
        if (value === undefined) break;
        // The output was closed by its consumer: stop reading this input.
        if (!(await out.put(value))) return;
      }
      if (--open === 0) out.close();
    })();
  }
  return out;
}
