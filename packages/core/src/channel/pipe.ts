import { type ReadPort, takeOrEnd, type WritePort } from "./ports.js";

/**
 * Moves every value from `from` to `to`, respecting backpressure (each put is awaited before the
 * next take). When `from` closes and drains, `to` is closed too unless `close` is `false`. If `to`
 * closes first, piping stops (the value in hand is dropped, as in core.async) and `from` is left
 * open. Returns `to`, so pipes chain: `pipe(a, chan(8, map(f)))`.
 *
 * A put that rejects (e.g. `to`'s transducer throws) skips that value: `to`'s `onError` has
 * already been told, and piping goes on.
 * A source whose `take` rejects is treated as closed.
 */
export function pipe<T, W extends WritePort<T>>(from: ReadPort<T>, to: W, close = true): W {
  void (async () => {
    for (;;) {
      const value = await takeOrEnd(from);
      if (value === undefined) {
        if (close) to.close();
        return;
      }
      const accepted = await to.put(value).catch(() => true);
      if (!accepted) return;
    }
  })();
  return to;
}
