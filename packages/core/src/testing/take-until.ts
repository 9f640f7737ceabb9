/** Anything events can be taken from one at a time: a `Session`, a `Channel`, `stream`'s `events`. */
export interface EventSource<E extends { readonly type: string }> {
  /** The next event, or `undefined` once the source ended. */
  take(): Promise<E | undefined>;
}

/**
 * Takes events from `source` until one whose `type` is among `types` arrives, and returns all of
 * them (that one included, last). Rejects, naming what it saw, when the source ends first: a test
 * waiting for `response.done` fails with a message instead of hanging.
 *
 * ```ts
 * const events = await takeUntil(session, "response.done");
 * ```
 */
export async function takeUntil<E extends { readonly type: string }>(
  source: EventSource<E>,
  ...types: [string, ...string[]]
): Promise<E[]> {
  const seen: E[] = [];
  for (;;) {
    const ev = await source.take();
    if (ev === undefined) {
      const saw = seen.map((e) => e.type).join(", ") || "nothing";
      throw new Error(`The source ended before ${types.join(" or ")}; saw ${saw}.`);
    }
    seen.push(ev);
    if (types.includes(ev.type)) return seen;
  }
}
