import { EchoUsageError } from "../errors.js";

/** How many puts (or takes) may wait on one channel by default: core.async's limit. */
export const MAX_PENDING = 1024;

/**
 * Thrown (as a rejected `put`) when more than the allowed number of puts are already waiting on a
 * channel. It means a producer is running ahead of its consumer without waiting, a leak that would
 * otherwise grow without bound. Code `"too_many_pending_puts"`.
 */
export class TooManyPendingPutsError extends EchoUsageError {
  /** The bound that was exceeded. */
  readonly limit: number;

  constructor(limit: number) {
    super(
      "too_many_pending_puts",
      `More than ${limit} puts are waiting on this channel. Await each put before the next ` +
        "(backpressure), give the channel a buffer (chan(n)), or use sliding(n)/dropping(n) if " +
        "values may be dropped; the bound is set with chan(buf, xf, onError, { maxPendingPuts }).",
    );
    this.limit = limit;
  }
}

/**
 * Thrown (as a rejected `take`) when more than the allowed number of takes are already waiting on
 * a channel: a consumer is asking faster than it awaits. Code `"too_many_pending_takes"`.
 */
export class TooManyPendingTakesError extends EchoUsageError {
  /** The bound that was exceeded. */
  readonly limit: number;

  constructor(limit: number) {
    super(
      "too_many_pending_takes",
      `More than ${limit} takes are waiting on this channel. Await each take before the next, ` +
        "or raise the bound with chan(buf, xf, onError, { maxPendingTakes }).",
    );
    this.limit = limit;
  }
}

/** Every error the channel module throws on its own (besides `InvalidArgumentError` for bad arguments). */
export type ChannelError = TooManyPendingPutsError | TooManyPendingTakesError;
