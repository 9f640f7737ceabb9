import { InvalidArgumentError } from "../errors.js";
import { type Channel, enqueuePut, enqueueTake, type Flag } from "./chan.js";

/** Any channel, whatever it carries: what {@link alts} accepts as a take alternative. */
export type AnyChannel = Channel<unknown, unknown>;

/**
 * A put alternative for {@link alts}: the channel and the value to put on it. The value must be
 * assignable to what the channel accepts.
 */
export type PutPort<C extends AnyChannel = AnyChannel, V = unknown> = readonly [
  channel: C,
  value: V,
];

/** One alternative for {@link alts}: a channel to take from, or a `[channel, value]` put. */
export type AltPort = AnyChannel | PutPort;

/** What a take alternative yields: the output type of the channel. */
type TakeOf<P> = P extends readonly unknown[]
  ? never
  : P extends Channel<infer T, infer _>
    ? T
    : never;

/** The channels among the take alternatives. */
type TakeChannelOf<P> = P extends readonly unknown[] ? never : P;

/** The channels among the put alternatives. */
type PutChannelOf<P> = P extends readonly [infer C, unknown] ? C : never;

/** Checks a put alternative's value against its channel's input type (maps a bad one to the expected shape). */
type CheckPort<P> = P extends readonly [Channel<infer _, infer In>, infer V]
  ? [V] extends [In]
    ? P
    : readonly [Channel<unknown, In>, In]
  : P;

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

/**
 * What {@link alts} completed with: a take, a put, or the default. `P` is the union of the
 * alternatives passed, `D` the default's type; narrow on `kind` (and compare `port`).
 */
export type AltsResult<P extends AltPort = AltPort, D = never> =
  | {
      kind: "take";
      /** The channel taken from. */
      port: TakeChannelOf<P>;
      /** The value, or `undefined` when that channel was closed and drained. */
      value: TakeOf<P> | undefined;
    }
  | {
      kind: "put";
      /** The channel put to. */
      port: PutChannelOf<P>;
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
 * - Rejects with an `InvalidArgumentError` for a `null`/`undefined` put value, with the channel's transducer
 *   error, or with `TooManyPending*Error` past a channel's pending bound.
 * - Rejects with an `InvalidArgumentError` when `ports` is empty or names a channel twice.
 */
export function alts<const P extends readonly AltPort[], D = never>(
  ports: P & { readonly [K in keyof P]: CheckPort<P[K]> },
  options: AltsOptions<D> = {},
): Promise<AltsResult<P[number], D>> {
  type R = AltsResult<P[number], D>;
  // The runtime values are right by construction; the casts restore the per-call types.
  const took = (port: AnyChannel, value: unknown) => ({ kind: "take", port, value }) as R;
  const put = (port: AnyChannel, value: boolean) => ({ kind: "put", port, value }) as R;
  if (ports.length === 0) {
    return Promise.reject(
      new InvalidArgumentError("alts needs at least one port to take from or put to."),
    );
  }
  // One alts cannot both put to and take from a channel (it could only meet itself), and a
  // channel listed twice is a mistake: reject both rather than guess.
  const channels = new Set(ports.map((port) => (Array.isArray(port) ? port[0] : port)));
  if (channels.size !== ports.length) {
    return Promise.reject(
      new InvalidArgumentError(
        "alts: each channel may appear only once among the ports (as a take or a put).",
      ),
    );
  }
  const order: readonly AltPort[] = options.priority === true ? ports : shuffled<AltPort>(ports);
  try {
    for (const port of order) {
      if (Array.isArray(port)) {
        const [ch, value] = port as PutPort<Channel<unknown, unknown>>;
        if (ch.closed) return Promise.resolve(put(ch, false));
        if (ch.offer(value)) return Promise.resolve(put(ch, true));
      } else {
        const ch = port as AnyChannel;
        const value = ch.poll();
        if (value !== undefined || ch.closed) return Promise.resolve(took(ch, value));
      }
    }
  } catch (error) {
    return Promise.reject(error);
  }
  if ("default" in options) {
    return Promise.resolve({ kind: "default", port: "default", value: options.default as D });
  }
  return new Promise<R>((resolve, reject) => {
    // One flag for all alternatives: the first to fire turns it off, which withdraws the rest.
    const flag: Flag = { active: true };
    try {
      for (const port of order) {
        if (Array.isArray(port)) {
          const [ch, value] = port as PutPort<Channel<unknown, unknown>>;
          ch[enqueuePut]({
            flag,
            value,
            resolve: (accepted) => {
              flag.active = false;
              resolve(put(ch, accepted));
            },
            reject: (error) => {
              flag.active = false;
              reject(error);
            },
          });
        } else {
          const ch = port as AnyChannel;
          ch[enqueueTake]({
            flag,
            deliver: (value) => {
              flag.active = false;
              resolve(took(ch, value));
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
