import { InvalidTransportOptionsError } from "./errors.js";
import type { WebSocketTransportOptions } from "./options.js";

// Timers fire at once for delays over 2^31 - 1 ms (about 24.8 days): such a value is a mistake.
const MAX_TIMER_MS = 2_147_483_647;

/** Throws `InvalidTransportOptionsError` naming the first numeric option out of range. */
export function checkTransportOptions(o: WebSocketTransportOptions): void {
  const hb = o.heartbeat === false ? undefined : o.heartbeat;
  const rc = typeof o.reconnect === "object" ? o.reconnect : undefined;
  number("heartbeat.intervalMs", hb?.intervalMs, { min: 1, max: MAX_TIMER_MS });
  number("heartbeat.timeoutMs", hb?.timeoutMs, { min: 1, max: MAX_TIMER_MS });
  number("highWaterMark", o.highWaterMark, { min: 0 });
  number("connectTimeoutMs", o.connectTimeoutMs, { min: 1, max: MAX_TIMER_MS });
  number("closeTimeoutMs", o.closeTimeoutMs, { min: 1, max: MAX_TIMER_MS });
  number("reconnect.maxAttempts", rc?.maxAttempts, { min: 0, integer: true });
  number("reconnect.initialDelayMs", rc?.initialDelayMs, { min: 0, max: MAX_TIMER_MS });
  number("reconnect.maxDelayMs", rc?.maxDelayMs, { min: 0, max: MAX_TIMER_MS });
  number("reconnect.factor", rc?.factor, { min: 1 });
  number("reconnect.jitter", rc?.jitter, { min: 0, max: 1 });
  number("reconnect.stableAfterMs", rc?.stableAfterMs, { min: 0, max: MAX_TIMER_MS });
  number("maxPayload", o.maxPayload, { min: 1, integer: true });
}

function number(
  name: string,
  value: number | undefined,
  range: { min: number; max?: number; integer?: boolean },
): void {
  if (value === undefined) return;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    value >= range.min &&
    value <= max &&
    (!range.integer || Number.isInteger(value));
  if (ok) return;
  const kind = range.integer ? "a whole number" : "a finite number";
  const bound = range.max === undefined ? `>= ${range.min}` : `from ${range.min} to ${range.max}`;
  throw new InvalidTransportOptionsError(
    `\`${name}\` must be ${kind} ${bound} (got ${String(value)}).`,
  );
}
