import { InvalidArgumentError } from "../errors.js";
import { type Channel, chan } from "./chan.js";

/**
 * A channel that closes after `ms` milliseconds and never carries a value: a take on it resolves
 * `undefined` when the time is up. Use it as a deadline in {@link alts}:
 * `const r = await alts([events, timeout(500)])`.
 *
 * The timer keeps a Node process alive until it fires, like `setTimeout`.
 * @throws InvalidArgumentError when `ms` is negative or not a finite number.
 */
export function timeout(ms: number): Channel<never> {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new InvalidArgumentError(
      `timeout(ms) needs a finite number of milliseconds >= 0, got ${String(ms)}.`,
    );
  }
  const ch = chan<never>();
  setTimeout(() => ch.close(), ms);
  return ch;
}
