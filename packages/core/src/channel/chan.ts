import { InvalidArgumentError } from "../errors.js";
import { type ChannelBuffer, fixed } from "./buffers.js";
import { MAX_PENDING, TooManyPendingPutsError, TooManyPendingTakesError } from "./errors.js";
import { RingQueue } from "./queue.js";
import type { Reducer, Transducer } from "./transducers.js";

/*
 * Why our own primitive rather than `@repeaterjs/repeater`: a Repeater is a single-producer
 * async iterator (values come from its executor's `push`), `return()` (a `break` out of
 * `for await`) ends it for everyone, pushed promises are awaited and a rejected one ends the
 * repeater, its buffers drain with `Array.prototype.shift`, and it has no `offer`/`poll`, no
 * transducers and no way to take "one of several" without consuming from the losers. A core.async
 * channel is many-to-many, closes only on `close()`, carries plain values, and `alts` needs
 * commit flags on waiting takes and puts. The buffer policies mirror Repeater's
 * Fixed/Sliding/DroppingBuffer; MAX_PENDING mirrors its (and core.async's) 1024.
 */

/** @internal A commit flag shared by all the alternatives of one `alts`; once false, skip it. */
export interface Flag {
  active: boolean;
}

/** Plain takes and puts are never cancelled: they share this flag, which stays true. */
const ALWAYS: Flag = { active: true };

/** @internal A waiting take. `deliver` gets a value, or `undefined` when the channel closes. */
export interface Taker<T> {
  readonly flag: Flag;
  deliver(value: T | undefined): void;
}

/** @internal A waiting put: `resolve(true)` when accepted, `(false)` on close, `reject` on a transducer error. */
export interface Putter<In> {
  readonly flag: Flag;
  readonly value: In;
  resolve(accepted: boolean): void;
  reject(error: unknown): void;
}

/** @internal Registers a waiting take (used by `alts`). */
export const enqueueTake: unique symbol = Symbol("echo.channel.enqueueTake");
/** @internal Registers a waiting put (used by `alts`). */
export const enqueuePut: unique symbol = Symbol("echo.channel.enqueuePut");

/** Bounds on waiting operations; both default to {@link MAX_PENDING} (1024, as in core.async). */
export interface ChanOptions {
  /** How many puts may wait at once before `put` rejects with `TooManyPendingPutsError`. */
  maxPendingPuts?: number;
  /** How many takes may wait at once before `take` rejects with `TooManyPendingTakesError`. */
  maxPendingTakes?: number;
}

/** Called with the error when a channel's transducer throws (the put that carried the value rejects too). */
export type ChannelErrorHandler = (error: unknown) => void;

const TRUE = Promise.resolve(true);
const FALSE = Promise.resolve(false);
const UNDEFINED: Promise<undefined> = Promise.resolve(undefined);
const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/** A rendezvous channel: a buffer that is always full, so a put waits for a taker. */
class NoBuffer<T> extends RingQueue<T> implements ChannelBuffer<T> {
  readonly kind = "fixed" as const;
  readonly capacity = 0;
  readonly full = true;
  get count(): number {
    return this.length;
  }
  // A transducer's outputs land here for a moment before a waiting taker takes them.
  add(value: T): void {
    this.push(value);
  }
  remove(): T | undefined {
    return this.shift();
  }
}

function nullError(op: string): InvalidArgumentError {
  return new InvalidArgumentError(
    `Cannot ${op} null or undefined on a channel: undefined is how take() says "closed". ` +
      "Wrap the value (e.g. { value: null }) or filter it out with keep().",
  );
}

function checkBound(name: string, n: number): number {
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`${name} must be a whole number >= 1, got ${String(n)}.`);
  }
  return n;
}

/**
 * A core.async-style channel, promise-shaped. Values of type `In` go in with {@link put} or
 * {@link offer}; values of type `T` (after the transducer, if any) come out with {@link take},
 * {@link poll} or `for await`. Many producers and many consumers may share one channel; each
 * value goes to exactly one taker, in FIFO order. Make one with {@link chan}.
 *
 * Semantics:
 * - `put` resolves `true` when the value is accepted: a taker got it, or the buffer had room.
 *   With a full fixed buffer (or none) it waits: that is the backpressure. It resolves `false`
 *   once the channel is closed, including puts that were still waiting when it closed (they are
 *   dropped, so the producer learns its value was not delivered; JVM core.async may still hand a
 *   parked put to a taker after close, we do not).
 * - Sliding and dropping buffers never make a put wait.
 * - `take` resolves with the next value; buffered values are still delivered after `close()`, and
 *   once the channel is closed and drained every take resolves `undefined`. Takes waiting when it
 *   closes resolve `undefined`.
 * - `null` and `undefined` cannot be put (`undefined` means "closed"): `put` rejects and `offer`
 *   throws an `InvalidArgumentError`.
 * - At most `maxPendingPuts` puts (1024 by default) may wait; one more rejects with
 *   `TooManyPendingPutsError`. The same goes for takes (`TooManyPendingTakesError`).
 * - A transducer runs when a value is accepted. If it throws, `onError` is called with the error,
 *   the put rejects with it, nothing is delivered, and the channel stays open. If it signals
 *   early termination (a step returns `false`), the channel closes after delivering its output.
 *   On `close()` the transducer is completed, which may flush held values into the buffer.
 */
export class Channel<T, In = T> implements AsyncIterable<T> {
  private readonly buffer: ChannelBuffer<T>;
  private readonly takers = new RingQueue<Taker<T>>();
  private readonly putters = new RingQueue<Putter<In>>();
  private readonly rf: Reducer<In> | undefined;
  private readonly onError: ChannelErrorHandler | undefined;
  private readonly maxPuts: number;
  private readonly maxTakes: number;
  private isClosed = false;
  // Cancelled `alts` entries are removed lazily; sweep every so many registrations.
  private dirty = 0;

  /** Prefer {@link chan}. */
  constructor(
    buffer: ChannelBuffer<T> | undefined,
    xf: Transducer<In, T> | undefined,
    onError: ChannelErrorHandler | undefined,
    options: ChanOptions = {},
  ) {
    this.buffer = buffer ?? new NoBuffer<T>();
    this.onError = onError;
    this.maxPuts = checkBound("maxPendingPuts", options.maxPendingPuts ?? MAX_PENDING);
    this.maxTakes = checkBound("maxPendingTakes", options.maxPendingTakes ?? MAX_PENDING);
    this.rf =
      xf === undefined
        ? undefined
        : xf({
            step: (value) => {
              if (value === null || value === undefined) throw nullError("deliver");
              this.deliver(value);
              return true;
            },
            complete: () => {},
          });
  }

  /** True once {@link close} has been called (buffered values may still be waiting to be taken). */
  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Puts a value. Resolves `true` once it is accepted (a taker took it or the buffer had room),
   * `false` if the channel is closed (now or before the put was accepted). Rejects with a
   * `InvalidArgumentError` for `null`/`undefined`, with `TooManyPendingPutsError` past the pending bound, and
   * with the transducer's error if it throws (after calling `onError`). Never throws synchronously.
   */
  put(value: In): Promise<boolean> {
    if (value === null || value === undefined) return Promise.reject(nullError("put"));
    if (this.isClosed) return FALSE;
    if (this.hasRoom()) {
      try {
        this.accept(value);
      } catch (error) {
        return Promise.reject(error);
      }
      return TRUE;
    }
    if (this.putters.length >= this.maxPuts) {
      this.sweep();
      if (this.putters.length >= this.maxPuts) {
        return Promise.reject(new TooManyPendingPutsError(this.maxPuts));
      }
    }
    return new Promise<boolean>((resolve, reject) => {
      this.putters.push({ flag: ALWAYS, value, resolve, reject });
    });
  }

  /**
   * Puts a value only if that needs no waiting. Returns `true` if it was accepted (a sliding or
   * dropping buffer always accepts, though it may drop a value), `false` if the channel is full
   * or closed. Throws an `InvalidArgumentError` for `null`/`undefined` and the transducer's error if it throws.
   */
  offer(value: In): boolean {
    if (value === null || value === undefined) throw nullError("offer");
    if (this.isClosed || !this.hasRoom()) return false;
    this.accept(value);
    return true;
  }

  /**
   * Takes the next value. Resolves with it as soon as one is available, or with `undefined` once
   * the channel is closed and drained. Rejects with `TooManyPendingTakesError` past the bound.
   */
  take(): Promise<T | undefined> {
    const value = this.poll();
    if (value !== undefined) return Promise.resolve(value);
    if (this.isClosed) return UNDEFINED;
    return this.waitForValue((v) => v);
  }

  /**
   * Takes a value only if one is available now (buffered, or from a waiting put); otherwise
   * returns `undefined` without waiting. Use {@link closed} to tell "empty" from "closed".
   */
  poll(): T | undefined {
    const buffer = this.buffer;
    // A rendezvous (or transducer) channel: accept a waiting put so its output lands in the buffer.
    while (buffer.count === 0 && this.putters.length > 0) this.acceptWaitingPut();
    if (buffer.count === 0) return undefined;
    const value = buffer.remove();
    if (this.putters.length > 0) this.refill();
    return value;
  }

  /**
   * Closes the channel; idempotent. Later puts resolve `false`; waiting puts resolve `false`;
   * waiting takes resolve `undefined`; buffered values are still delivered to later takes.
   * A transducer is completed first, so it can flush what it holds.
   */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    if (this.rf !== undefined) {
      try {
        this.rf.complete();
      } catch (error) {
        this.onError?.(error);
      }
    }
    for (const p of this.putters.drain()) if (p.flag.active) p.resolve(false);
    for (const t of this.takers.drain()) {
      if (t.flag.active) t.deliver(this.buffer.remove());
    }
  }

  /**
   * Async iteration: each step is a {@link take}; the loop ends when the channel is closed and
   * drained. Leaving the loop early (`break`, `return`, a throw) does NOT close the channel, since
   * other consumers may share it; call {@link close} yourself if you own it.
   */
  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    // One promise per step: `take().then(...)` would cost a second one.
    const step = (value: T | undefined): IteratorResult<T, undefined> =>
      value === undefined ? DONE : { value, done: false };
    return {
      next: () => {
        const value = this.poll();
        if (value !== undefined) return Promise.resolve({ value, done: false });
        if (this.isClosed) return Promise.resolve(DONE);
        return this.waitForValue(step);
      },
      return: () => Promise.resolve(DONE),
    };
  }

  /** Queues a take (within the bound); `shape` turns the delivered value into the result. */
  private waitForValue<R>(shape: (value: T | undefined) => R): Promise<R> {
    if (this.takers.length >= this.maxTakes) {
      this.sweep();
      if (this.takers.length >= this.maxTakes) {
        return Promise.reject(new TooManyPendingTakesError(this.maxTakes));
      }
    }
    return new Promise<R>((resolve) => {
      this.takers.push({ flag: ALWAYS, deliver: (value) => resolve(shape(value)) });
    });
  }

  /** @internal Precondition: `poll()` found nothing and the channel is open. */
  [enqueueTake](taker: Taker<T>): void {
    if (++this.dirty > 64 || this.takers.length >= this.maxTakes) this.sweep();
    if (this.takers.length >= this.maxTakes) throw new TooManyPendingTakesError(this.maxTakes);
    this.takers.push(taker);
  }

  /** @internal Precondition: `offer()` was refused and the channel is open. */
  [enqueuePut](putter: Putter<In>): void {
    if (++this.dirty > 64 || this.putters.length >= this.maxPuts) this.sweep();
    if (this.putters.length >= this.maxPuts) throw new TooManyPendingPutsError(this.maxPuts);
    this.putters.push(putter);
  }

  /** A put is accepted now if a taker waits or the buffer has room. */
  private hasRoom(): boolean {
    if (!this.buffer.full) return true;
    let t = this.takers.peek();
    while (t !== undefined && !t.flag.active) {
      this.takers.shift();
      t = this.takers.peek();
    }
    return t !== undefined;
  }

  /** Runs an accepted value through the transducer (if any) to a taker or the buffer. */
  private accept(value: In): void {
    if (this.rf === undefined) {
      this.deliver(value as unknown as T);
      return;
    }
    let more: boolean;
    try {
      more = this.rf.step(value);
    } catch (error) {
      this.onError?.(error);
      throw error;
    }
    if (!more) this.close();
  }

  /** Hands one output value to the first live taker, or buffers it. */
  private deliver(value: T): void {
    let t = this.takers.shift();
    while (t !== undefined && !t.flag.active) t = this.takers.shift();
    if (t !== undefined) t.deliver(value);
    else this.buffer.add(value);
  }

  /** Accepts the first live waiting put regardless of room (its outputs go to the buffer). */
  private acceptWaitingPut(): void {
    const p = this.putters.shift();
    if (p === undefined || !p.flag.active) return;
    try {
      this.accept(p.value);
    } catch (error) {
      p.reject(error);
      return;
    }
    p.resolve(true);
  }

  /** After a take made room, accepts waiting puts while there is room. */
  private refill(): void {
    while (this.putters.length > 0 && !this.buffer.full) this.acceptWaitingPut();
  }

  /** Drops cancelled `alts` entries. */
  private sweep(): void {
    this.dirty = 0;
    this.takers.retain((t) => t.flag.active);
    this.putters.retain((p) => p.flag.active);
  }
}

/**
 * Makes a channel.
 * - `chan<T>()`: unbuffered (rendezvous): a put waits until a taker takes the value.
 * - `chan<T>(n)` or `chan<T>(fixed(n))`: a fixed buffer of n; `chan(sliding(n))`, `chan(dropping(n))`.
 * - `chan(buf, xf, onError?)`: values put are transformed by the transducer `xf` (e.g.
 *   `map(JSON.parse)`, `comp(filter(p), map(f))`); the output type is inferred from `xf`.
 *   `onError` is called when `xf` throws; that put rejects with the error and the channel stays open.
 * - `options` bounds the waiting puts and takes (default 1024 each).
 *
 * See {@link Channel} for the full semantics.
 * @throws InvalidArgumentError when `buf` is a number that is not a whole number >= 0.
 */
export function chan<T>(buf?: number | ChannelBuffer<T>): Channel<T>;
export function chan<In, T>(
  buf: number | ChannelBuffer<T> | undefined,
  xf: Transducer<In, T>,
  onError?: ChannelErrorHandler,
  options?: ChanOptions,
): Channel<T, In>;
export function chan<T>(
  buf: number | ChannelBuffer<T> | undefined,
  xf: undefined,
  onError: ChannelErrorHandler | undefined,
  options: ChanOptions,
): Channel<T>;
export function chan<In, T>(
  buf?: number | ChannelBuffer<T>,
  xf?: Transducer<In, T>,
  onError?: ChannelErrorHandler,
  options?: ChanOptions,
): Channel<T, In> {
  let buffer: ChannelBuffer<T> | undefined;
  if (typeof buf === "number") {
    if (!Number.isInteger(buf) || buf < 0) {
      throw new InvalidArgumentError(`chan(n) needs a whole number n >= 0, got ${String(buf)}.`);
    }
    buffer = buf === 0 ? undefined : fixed<T>(buf);
  } else {
    buffer = buf;
  }
  return new Channel<T, In>(buffer, xf, onError, options);
}
