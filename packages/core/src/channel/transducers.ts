/**
 * The receiving end of a transducer: where transformed values go.
 * A channel builds one chain per channel, so stateful transducers keep their state per channel.
 */
export interface Reducer<T> {
  /**
   * Accepts one value. Returns `true` to ask for more, `false` when the chain is done and wants no
   * more input (core.async's `reduced`: a channel then closes after delivering what it has).
   */
  step(value: T): boolean;
  /** Input has ended (the channel is closing): flush any held state downstream, then complete it. */
  complete(): void;
}

/**
 * A transformation of a stream of `A` into a stream of `B`, independent of where the values come
 * from or go: it wraps the downstream reducer of `B` into a reducer of `A`. Each input may yield
 * zero, one or several outputs. Compose with {@link comp}; give one to `chan(buf, xf)`.
 */
export type Transducer<A, B> = (downstream: Reducer<B>) => Reducer<A>;

/** Applies `f` to every value. A throwing `f` rejects the put that carried the value. */
export function map<A, B>(f: (value: A) => B): Transducer<A, B> {
  return (down) => ({
    step: (value) => down.step(f(value)),
    complete: () => down.complete(),
  });
}

/** Keeps the values for which `pred` is true (a type guard narrows the output type). */
export function filter<A, B extends A>(pred: (value: A) => value is B): Transducer<A, B>;
export function filter<A>(pred: (value: A) => boolean): Transducer<A, A>;
export function filter<A>(pred: (value: A) => boolean): Transducer<A, A> {
  return (down) => ({
    step: (value) => (pred(value) ? down.step(value) : true),
    complete: () => down.complete(),
  });
}

/** Drops the values for which `pred` is true: the complement of {@link filter}. */
export function remove<A>(pred: (value: A) => boolean): Transducer<A, A> {
  return (down) => ({
    step: (value) => (pred(value) ? true : down.step(value)),
    complete: () => down.complete(),
  });
}

/**
 * Applies `f` and keeps the results that are not `null`/`undefined` (channels cannot carry those).
 * `keep(x => x.type === "a" ? x.payload : undefined)` maps and filters in one step.
 */
export function keep<A, B>(f: (value: A) => B | null | undefined): Transducer<A, B> {
  return (down) => ({
    step: (value) => {
      const out = f(value);
      return out === null || out === undefined ? true : down.step(out);
    },
    complete: () => down.complete(),
  });
}

/**
 * Composes transducers left to right: `comp(map(f), filter(p))` applies `f`, then keeps what
 * passes `p` (the order values flow in, as in Clojure's `comp` of transducers). With no
 * arguments it is the identity. Typed overloads cover up to five; more compose by nesting.
 */
export function comp<A>(): Transducer<A, A>;
export function comp<A, B>(a: Transducer<A, B>): Transducer<A, B>;
export function comp<A, B, C>(a: Transducer<A, B>, b: Transducer<B, C>): Transducer<A, C>;
export function comp<A, B, C, D>(
  a: Transducer<A, B>,
  b: Transducer<B, C>,
  c: Transducer<C, D>,
): Transducer<A, D>;
export function comp<A, B, C, D, E>(
  a: Transducer<A, B>,
  b: Transducer<B, C>,
  c: Transducer<C, D>,
  d: Transducer<D, E>,
): Transducer<A, E>;
export function comp<A, B, C, D, E, F>(
  a: Transducer<A, B>,
  b: Transducer<B, C>,
  c: Transducer<C, D>,
  d: Transducer<D, E>,
  e: Transducer<E, F>,
): Transducer<A, F>;
export function comp(...xfs: Transducer<unknown, unknown>[]): Transducer<unknown, unknown>;
export function comp(...xfs: Transducer<unknown, unknown>[]): Transducer<unknown, unknown> {
  return (down) => {
    let r = down;
    for (let i = xfs.length - 1; i >= 0; i--) r = (xfs[i] as Transducer<unknown, unknown>)(r);
    return r;
  };
}
