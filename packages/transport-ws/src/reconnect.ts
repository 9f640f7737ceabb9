import type { CloseReason } from "@echo/core";
import type { ReconnectOptions } from "./options.js";

/** The reconnect backoff, every default filled in. */
export interface Backoff {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
  jitter: number;
}

/**
 * Delay before reconnect attempt `attempt` (1-based): exponential growth up to the cap, with
 * the `jitter` fraction of it randomised so that many clients dropped at once do not return
 * in lockstep.
 */
export function backoffDelay(attempt: number, b: Backoff, random: () => number = Math.random) {
  const base = Math.min(b.maxDelayMs, b.initialDelayMs * b.factor ** (attempt - 1));
  return Math.round(base * (1 - b.jitter * random()));
}

const DEFAULT_BACKOFF: Backoff = {
  maxAttempts: 5,
  initialDelayMs: 500,
  maxDelayMs: 10_000,
  factor: 2,
  jitter: 0.5,
};

const DEFAULT_STABLE_AFTER_MS = 5000;

/** Reconnect after losses that a new connection can cure; never after auth or bad-request closes. */
export function defaultShouldReconnect(reason: CloseReason): boolean {
  return (
    reason.kind === "network" ||
    reason.kind === "expired" ||
    (reason.kind === "server" && reason.code !== 1000)
  );
}

/** The reconnect policy of a transport: which losses to retry, how often and how long to wait. */
export class ReconnectPolicy {
  readonly #backoff: Backoff;
  readonly #shouldReconnect: (reason: CloseReason) => boolean;
  /** How long a new connection must stay up before its outage counts as over. */
  readonly stableAfterMs: number;

  constructor(options: ReconnectOptions) {
    this.stableAfterMs = options.stableAfterMs ?? DEFAULT_STABLE_AFTER_MS;
    this.#backoff = {
      maxAttempts: options.maxAttempts ?? DEFAULT_BACKOFF.maxAttempts,
      initialDelayMs: options.initialDelayMs ?? DEFAULT_BACKOFF.initialDelayMs,
      maxDelayMs: options.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
      factor: options.factor ?? DEFAULT_BACKOFF.factor,
      jitter: Math.min(1, Math.max(0, options.jitter ?? DEFAULT_BACKOFF.jitter)),
    };
    this.#shouldReconnect = options.shouldReconnect ?? defaultShouldReconnect;
  }

  /** Attempts allowed per outage. */
  get maxAttempts(): number {
    return this.#backoff.maxAttempts;
  }

  /** Whether a lost connection should be retried. Auth and bad-request closes never are. */
  reconnectable(reason: CloseReason): boolean {
    if (reason.kind === "auth" || reason.kind === "bad_request") return false;
    return this.#shouldReconnect(reason);
  }

  /** Whether attempt `attempt` (1-based) is still allowed. */
  allows(attempt: number): boolean {
    return attempt <= this.#backoff.maxAttempts;
  }

  /** The delay before attempt `attempt` (1-based), in ms. */
  delay(attempt: number): number {
    return backoffDelay(attempt, this.#backoff);
  }
}

/** The policy of the `reconnect` option, or `undefined` when reconnecting is off. */
export function reconnectPolicy(
  option: ReconnectOptions | boolean | undefined,
): ReconnectPolicy | undefined {
  if (option === undefined || option === false) return undefined;
  return new ReconnectPolicy(option === true ? {} : option);
}

/**
 * The attempts of the current outage. A new connection ends the outage only once it stayed up
 * for `stableAfterMs`; a loss before that continues the count, so a server that accepts and
 * drops every connection still runs out of attempts.
 */
export class Outage {
  readonly #stableAfterMs: number;
  #attempts = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(stableAfterMs: number) {
    this.#stableAfterMs = stableAfterMs;
  }

  /** Attempts made in this outage (0: none, the connection is healthy or first). */
  get attempts(): number {
    return this.#attempts;
  }

  /** Attempt `n` (from 1) of this outage is being dialled. */
  dialling(n: number): void {
    this.#attempts = n;
  }

  /** A connection opened; if it stays up for `stableAfterMs`, the outage is over. */
  opened(onRecovered: (attempts: number, stableAfterMs: number) => void): void {
    this.interrupted();
    if (this.#attempts === 0) return;
    this.#timer = setTimeout(() => {
      const attempts = this.#attempts;
      this.#attempts = 0;
      onRecovered(attempts, this.#stableAfterMs);
    }, this.#stableAfterMs);
  }

  /** The connection is gone (or the transport is closing): it can no longer prove stable. */
  interrupted(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
