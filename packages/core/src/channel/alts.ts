import { type Channel, enqueuePut, enqueueTake, type Flag } from "./chan.js";

/** A put alternative for {@link alts}: the channel and the value to put on it. */
export type PutPort<V> = readonly [channel: Channel<unknown, V>, value: V];

/** One alternative for {@link alts}: a channel to take from, or a `[channel, value]` put. */
export type AltPort<T, V> = Channel<T, unknown> | PutPort<V>;

/** Options of {@link alts}. */
export interface AltsOptions<D> {
  /**
   * Returned at once (as `{ kind: "default", port: "default", value }`) when no alternative is
   * ready, instead of waiting.
   */
  default?: D;
  /** Try the alternatives in the order given instead of in random order. */
  priority?: boolean;
}

/** What {@link alts} completed with: a take, a put, or the default. */
export type AltsResult<T, V = never, D = never> =
  | {
      kind: "take";
      /** The channel taken from. */
      port: Channel<T, unknown>;
      /** The value, or `undefined` when that channel was closed and drained. */
      value: T | undefined;
    }
  | {
      kind: "put";
      /** The channel put to. */
      port: Channel<unknown, V>;
      /** `true` when the value was accepted, `false` when that channel was closed. */
      value: boolean;
    }
  | { kind: "default"; port: "default"; value: D };

function shuffled<P>(ports: readonly P[]): P[] {
  const out = ports.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const a = out[i] as P;
    out[i] = out[j] as P;
    out[j] = a;
  }
  return out;
}

/**
 * Completes exactly one of several channel operations: a take (pass the channel) or a put (pass
 * `[channel, value]`), whichever can complete first, and says which (core.async's `alts!`).
 *
 * - When several are ready at once, one is picked at random (fair), or the first ready in the
 *   given order with `priority: true`.
 * - With a `default` option and none ready, it resolves at once with the default.
 * - Otherwise it waits; the first alternative to become ready completes and the others are
 *   withdrawn: a losing take consumes no value and a losing put delivers nothing.
 * - A take from a closed, drained channel completes with `undefined`; a put to a closed channel
 *   completes with `false`.
 * - Rejects with a `TypeError` for a `null`/`undefined` put value, with the channel's transducer
 *   error, or with `TooManyPending*Error` past a channel's pending bound.
 * - Rejects with a `RangeError` when `ports` is empty or names a channel twice.
 */
export function alts<T, V = never, D = never>(
  ports: readonly AltPort<T, V>[],
  options: AltsOptions<D> = {},
): Promise<AltsResult<T, V, D>> {
  if (ports.length === 0) {
    return Promise.reject(new RangeError("alts needs at least one port to take from or put to."));
  }
  // One alts cannot both put to and take from a channel (it could only meet itself), and a
  // channel listed twice is a mistake: reject both rather than guess.
  const channels = new Set(ports.map((port) => (Array.isArray(port) ? port[0] : port)));
  if (channels.size !== ports.length) {
    return Promise.reject(
      new RangeError(
        "alts: each channel may appear only once among the ports (as a take or a put).",
      ),
    );
  }
  const order = options.priority === true ? ports : shuffled(ports);
  try {
    for (const port of order) {
      if (Array.isArray(port)) {
        const [ch, value] = port as PutPort<V>;
        if (ch.closed) return Promise.resolve({ kind: "put", port: ch, value: false });
        if (ch.offer(value)) return Promise.resolve({ kind: "put", port: ch, value: true });
      } else {
        const ch = port as Channel<T, unknown>;
        const value = ch.poll();
        if (value !== undefined || ch.closed)
          return Promise.resolve({ kind: "take", port: ch, value });
      }
    }
  } catch (error) {
    return Promise.reject(error);
  }
  if ("default" in options) {
    return Promise.resolve({ kind: "default", port: "default", value: options.default as D });
  }
  return new Promise<AltsResult<T, V, D>>((resolve, reject) => {
    // One flag for all alternatives: the first to fire turns it off, which withdraws the rest.
    const flag: Flag = { active: true };
    try {
      for (const port of order) {
        if (Array.isArray(port)) {
          const [ch, value] = port as PutPort<V>;
          ch[enqueuePut]({
            flag,
            value,
            resolve: (accepted) => {
              flag.active = false;
              resolve({ kind: "put", port: ch, value: accepted });
            },
            reject: (error) => {
              flag.active = false;
              reject(error);
            },
          });
        } else {
          const ch = port as Channel<T, unknown>;
          ch[enqueueTake]({
            flag,
            deliver: (value) => {
              flag.active = false;
              resolve({ kind: "take", port: ch, value });
            },
          });
        }
      }
    } catch (error) {
      flag.active = false;
      reject(error);
    }
  });
}
