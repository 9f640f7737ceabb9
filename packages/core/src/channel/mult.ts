import { type ReadPort, takeOrEnd, type WritePort } from "./ports.js";

/** A broadcaster made by {@link mult}: every value of the source goes to every tap. */
export interface Mult<T> {
  /**
   * Adds `ch` as a tap and returns it. It gets every value taken from the source from now on.
   * When the source closes, the tap is closed too unless `close` is `false`.
   */
  tap<W extends WritePort<T>>(ch: W, close?: boolean): W;
  /** Removes a tap (it is not closed). */
  untap(ch: WritePort<T>): void;
  /** Removes every tap. */
  untapAll(): void;
}

/**
 * Broadcasts a channel (core.async's `mult`): one loop takes each value from `source` and puts it
 * to every current tap, waiting until EVERY tap has accepted it before taking the next one, so
 * the slowest tap sets the pace (give a tap a sliding or dropping buffer to keep it from holding
 * up the others). With no taps, values are taken and dropped. A tap that is found closed (its put
 * resolves `false`) is removed; a tap whose put rejects (its transducer threw) just misses that
 * value. When the source closes, taps added with `close` (the default) are closed.
 * A source whose `take` rejects is treated as closed.
 */
export function mult<T>(source: ReadPort<T>): Mult<T> {
  const taps = new Map<WritePort<T>, boolean>();
  void (async () => {
    for (;;) {
      const value = await takeOrEnd(source);
      if (value === undefined) break;
      if (taps.size === 0) continue;
      const puts: Promise<void>[] = [];
      for (const tap of taps.keys()) {
        puts.push(
          tap.put(value).then(
            (accepted) => {
              if (!accepted) taps.delete(tap);
            },
            () => {},
          ),
        );
      }
      await Promise.all(puts);
    }
    for (const [tap, close] of taps) if (close) tap.close();
  })();
  return {
    tap(ch, close = true) {
      taps.set(ch, close);
      return ch;
    },
    untap(ch) {
      taps.delete(ch);
    },
    untapAll() {
      taps.clear();
    },
  };
}
