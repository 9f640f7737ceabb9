import { InvalidArgumentError } from "../errors.js";
import { RingQueue } from "./queue.js";

/**
 * The buffer policy of a channel.
 * - `"fixed"`: holds up to `capacity` values; when full, `put` waits (backpressure).
 * - `"sliding"`: never full; when at capacity, the oldest value is dropped to make room.
 * - `"dropping"`: never full; when at capacity, the new value is dropped.
 */
export type BufferKind = "fixed" | "sliding" | "dropping";

/**
 * A channel buffer. Make one with {@link fixed}, {@link sliding} or {@link dropping} and hand it to
 * `chan`; a buffer belongs to exactly one channel, so do not share an instance.
 *
 * Why not `@repeaterjs/repeater`'s buffers: they keep values in an array drained with
 * `Array.prototype.shift` (O(n) per take on a long queue) and throw on `add` when full, whereas a
 * channel asks `full` first; the ring queue here keeps both `add` and `remove` O(1).
 */
export interface ChannelBuffer<T> {
  /** Which policy applies when the buffer is at capacity. */
  readonly kind: BufferKind;
  /** The number of values the buffer is meant to hold. */
  readonly capacity: number;
  /** How many values it holds now. */
  readonly count: number;
  /**
   * True when a put must wait. Only a fixed buffer is ever full; sliding and dropping buffers
   * always accept (and evict or discard instead).
   */
  readonly full: boolean;
  /**
   * Adds a value. A fixed buffer accepts it even past capacity (a transducer that expands one
   * input into several values may overfill it, as in core.async); sliding evicts the oldest,
   * dropping discards the new value.
   */
  add(value: T): void;
  /** Removes and returns the oldest value, or `undefined` when empty. */
  remove(): T | undefined;
}

function checkCapacity(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(
      `${name}(n) needs a whole number n >= 1, got ${String(n)}; use chan() with no buffer for a rendezvous channel.`,
    );
  }
}

abstract class RingBuffer<T> implements ChannelBuffer<T> {
  abstract readonly kind: BufferKind;
  protected readonly queue: RingQueue<T>;
  readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    // Start small and grow: `fixed(1_000_000)` should not allocate a million slots up front.
    this.queue = new RingQueue<T>(Math.min(capacity, 16));
  }

  get count(): number {
    return this.queue.length;
  }

  get full(): boolean {
    return false;
  }

  abstract add(value: T): void;

  remove(): T | undefined {
    return this.queue.shift();
  }
}

class FixedBuffer<T> extends RingBuffer<T> {
  readonly kind = "fixed" as const;

  override get full(): boolean {
    return this.queue.length >= this.capacity;
  }

  add(value: T): void {
    this.queue.push(value);
  }
}

class SlidingBuffer<T> extends RingBuffer<T> {
  readonly kind = "sliding" as const;

  add(value: T): void {
    if (this.queue.length >= this.capacity) this.queue.shift();
    this.queue.push(value);
  }
}

class DroppingBuffer<T> extends RingBuffer<T> {
  readonly kind = "dropping" as const;

  add(value: T): void {
    if (this.queue.length < this.capacity) this.queue.push(value);
  }
}

/**
 * A fixed buffer of `n` values (n >= 1): puts are accepted at once while it has room and wait
 * (backpressure) when it is full. `chan(n)` is shorthand for `chan(fixed(n))`.
 * @throws InvalidArgumentError when `n` is not a whole number >= 1.
 */
export function fixed<T>(n: number): ChannelBuffer<T> {
  checkCapacity("fixed", n);
  return new FixedBuffer<T>(n);
}

/**
 * A sliding buffer of `n` values (n >= 1): puts never wait; when full, the OLDEST value is dropped
 * so the buffer always holds the last `n` values put. Good for "latest state wins" streams.
 * @throws InvalidArgumentError when `n` is not a whole number >= 1.
 */
export function sliding<T>(n: number): ChannelBuffer<T> {
  checkCapacity("sliding", n);
  return new SlidingBuffer<T>(n);
}

/**
 * A dropping buffer of `n` values (n >= 1): puts never wait; when full, the NEW value is dropped
 * (the put still resolves `true`), so the buffer keeps the first `n` values not yet taken.
 * @throws InvalidArgumentError when `n` is not a whole number >= 1.
 */
export function dropping<T>(n: number): ChannelBuffer<T> {
  checkCapacity("dropping", n);
  return new DroppingBuffer<T>(n);
}
