import type { HeartbeatOptions } from "./options.js";
import type { PlatformSocket } from "./socket.js";

/** The heartbeat's settings, every default filled in. */
export interface HeartbeatSettings {
  intervalMs: number;
  timeoutMs: number;
}

const DEFAULT_HEARTBEAT: HeartbeatSettings = { intervalMs: 15_000, timeoutMs: 10_000 };

/**
 * The settings of the `heartbeat` option with defaults for what it leaves out (a key set to
 * `undefined` too, which a spread would copy over the default), or `undefined` when it is off.
 */
export function heartbeatSettings(
  option: HeartbeatOptions | false | undefined,
): HeartbeatSettings | undefined {
  if (option === false) return undefined;
  return {
    intervalMs: option?.intervalMs ?? DEFAULT_HEARTBEAT.intervalMs,
    timeoutMs: option?.timeoutMs ?? DEFAULT_HEARTBEAT.timeoutMs,
  };
}

/**
 * Liveness of one open socket: pings every `intervalMs` and calls `onTimeout` when, within
 * `timeoutMs` of a ping, neither its pong nor any other frame arrived. One ping in flight at a
 * time; `stop()` cancels everything (called whenever the socket stops being the open one).
 */
export class Heartbeat {
  readonly #settings: HeartbeatSettings;
  readonly #onTimeout: (socket: PlatformSocket) => void;
  #interval: ReturnType<typeof setInterval> | undefined;
  #pongTimer: ReturnType<typeof setTimeout> | undefined;
  #sawTraffic = false;

  constructor(settings: HeartbeatSettings, onTimeout: (socket: PlatformSocket) => void) {
    this.#settings = settings;
    this.#onTimeout = onTimeout;
  }

  /** The timeout, for the error that reports it. */
  get timeoutMs(): number {
    return this.#settings.timeoutMs;
  }

  /** Starts pinging `socket` (stopping any earlier run). */
  start(socket: PlatformSocket): void {
    this.stop();
    const { intervalMs, timeoutMs } = this.#settings;
    this.#interval = setInterval(() => {
      if (this.#pongTimer !== undefined) return;
      this.#sawTraffic = false;
      if (!socket.ping()) {
        // The runtime cannot ping (browsers): nothing to check.
        this.stop();
        return;
      }
      this.#pongTimer = setTimeout(() => {
        this.#pongTimer = undefined;
        if (this.#sawTraffic) return;
        this.stop();
        this.#onTimeout(socket);
      }, timeoutMs);
    }, intervalMs);
  }

  /** Any frame from the server is a sign of life. */
  traffic(): void {
    this.#sawTraffic = true;
  }

  /** The pong of the ping in flight. */
  pong(): void {
    this.#sawTraffic = true;
    clearTimeout(this.#pongTimer);
    this.#pongTimer = undefined;
  }

  /** Stops pinging and waiting. Idempotent. */
  stop(): void {
    clearInterval(this.#interval);
    clearTimeout(this.#pongTimer);
    this.#interval = undefined;
    this.#pongTimer = undefined;
  }
}
