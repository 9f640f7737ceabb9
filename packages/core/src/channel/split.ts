import type { ChannelBuffer } from "./buffers.js";
import { type Channel, chan } from "./chan.js";
import { type ReadPort, takeOrEnd } from "./ports.js";

/**
 * Splits one channel in two: values for which `pred` is true go to the first returned channel,
 * the others to the second. Each value waits for its put to be accepted (backpressure), so a
 * slow consumer of one side holds up both. Both outputs close when the source closes and drains.
 * If `pred` throws, splitting stops and both outputs close (use `filter` transducers for
 * predicates that may fail).
 * A source whose `take` rejects is treated as closed.
 * @param trueBuf buffer of the first output (unbuffered by default).
 * @param falseBuf buffer of the second output (unbuffered by default).
 */
export function split<T, U extends T>(
  pred: (value: T) => value is U,
  source: ReadPort<T>,
  trueBuf?: number | ChannelBuffer<U>,
  falseBuf?: number | ChannelBuffer<T>,
): [matching: Channel<U>, rest: Channel<T>];
export function split<T>(
  pred: (value: T) => boolean,
  source: ReadPort<T>,
  trueBuf?: number | ChannelBuffer<T>,
  falseBuf?: number | ChannelBuffer<T>,
): [matching: Channel<T>, rest: Channel<T>];
export function split<T, U extends T>(
  pred: (value: T) => boolean,
  source: ReadPort<T>,
  trueBuf?: number | ChannelBuffer<U>,
  falseBuf?: number | ChannelBuffer<T>,
): [matching: Channel<U>, rest: Channel<T>] {
  const yes = chan<U>(trueBuf);
  const no = chan<T>(falseBuf);
  void (async () => {
    try {
      for (;;) {
        const value = await takeOrEnd(source);
        if (value === undefined) return;
        if (pred(value)) await yes.put(value as U);
        else await no.put(value);
      }
    } catch {
      // pred threw: stop; the finally closes both sides.
    } finally {
      yes.close();
      no.close();
    }
  })();
  return [yes, no];
}
