/**
 * Anything values can be taken from: a {@link Channel}, or any object with a channel-shaped
 * `take()` (resolving `undefined` when closed and drained). Combinators read from these.
 */
export interface ReadPort<T> {
  /** The next value, or `undefined` once closed and drained. */
  take(): Promise<T | undefined>;
}

/**
 * Anything values can be put into and closed: a {@link Channel} or a channel-shaped object.
 * Combinators write to these.
 */
export interface WritePort<T> {
  /** Resolves `true` when the value is accepted, `false` once closed. */
  put(value: T): Promise<boolean>;
  /** Closes; idempotent. */
  close(): void;
}

/**
 * Takes from a port, treating a rejected take as "closed": the combinators' background loops
 * must never leave an unhandled rejection behind.
 * @internal
 */
export function takeOrEnd<T>(port: ReadPort<T>): Promise<T | undefined> {
  return port.take().catch(() => undefined);
}
