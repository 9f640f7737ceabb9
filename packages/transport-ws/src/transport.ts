import {
  type CloseReason,
  closeReasonFromCode,
  type Deferred,
  deferred,
  describeCloseReason,
  type LogEntry,
  type Logger,
  redactString as redact,
  safeLogger,
  type Transport,
  type TransportHandlers,
} from "@echo/core";
import { invalidClose } from "./close-check.js";
import { connectError, refusedForGood } from "./connect-error.js";
import {
  HeartbeatTimeoutError,
  MessageTooBigError,
  MissingApiKeyError,
  ReconnectFailedError,
  TransportClosedError,
  TransportConnectError,
  TransportDisconnectedError,
} from "./errors.js";
import { Heartbeat, heartbeatSettings } from "./heartbeat.js";
import type { WebSocketTransportOptions } from "./options.js";
import { checkTransportOptions } from "./options-check.js";
import { Outage, type ReconnectPolicy, reconnectPolicy } from "./reconnect.js";
import type { PlatformSocket, SocketListener, SocketPlatform, SocketRequest } from "./socket.js";
import { realtimeUrl } from "./url.js";

const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;
const DEFAULT_CLOSE_TIMEOUT_MS = 5000;
const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_PAYLOAD = 100 * 1024 * 1024;
const RESOLVED: Promise<void> = Promise.resolve();

/** Where the connection is. One socket at most, owned by the state that holds it. */
type State =
  | { status: "idle" }
  | { status: "connecting"; socket: PlatformSocket; attempt: number; opened: Deferred<void> }
  | { status: "open"; socket: PlatformSocket }
  | { status: "reconnecting"; attempt: number; reason: CloseReason; timer: Timer }
  | { status: "closing"; socket: PlatformSocket; reason: CloseReason; timer: Timer }
  | { status: "closed"; reason: CloseReason | undefined };

type Timer = ReturnType<typeof setTimeout>;

/**
 * The WebSocket transport: one Realtime connection over a platform socket, with heartbeat,
 * backpressure, typed close reasons and opt-in reconnection.
 */
export class WebSocketTransport implements Transport {
  readonly #platform: SocketPlatform;
  readonly #request: SocketRequest;
  readonly #highWaterMark: number;
  readonly #closeTimeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #heartbeat: Heartbeat | undefined;
  readonly #reconnect: ReconnectPolicy | undefined;
  readonly #log: Logger;

  #state: State = { status: "idle" };
  #handlers: TransportHandlers | undefined;
  #signal: AbortSignal | undefined;
  #closed = deferred<void>();
  // The socket whose events count; events of a socket we gave up on are ignored.
  #current: PlatformSocket | undefined;
  #lastError: Error | undefined;
  // The HTTP error the server answered the current dial with, if it refused the upgrade.
  #rejection: { status: number; body: string } | undefined;
  #connectTimer: Timer | undefined;
  readonly #outage: Outage;

  constructor(platform: SocketPlatform, options: WebSocketTransportOptions = {}) {
    checkTransportOptions(options);
    const apiKey = options.apiKey ?? platform.defaultApiKey();
    if (apiKey === undefined || apiKey === "")
      throw new MissingApiKeyError(platform.missingKeyHelp);
    const headers: Record<string, string> = { ...options.headers };
    if (options.safetyIdentifier !== undefined) {
      headers["OpenAI-Safety-Identifier"] = options.safetyIdentifier;
    }
    platform.check(apiKey, headers);
    this.#platform = platform;
    const maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    this.#request = { url: realtimeUrl(options), apiKey, headers, maxPayload };
    this.#highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const heartbeat = heartbeatSettings(options.heartbeat);
    this.#heartbeat =
      heartbeat === undefined
        ? undefined
        : new Heartbeat(heartbeat, (socket) => this.#heartbeatTimedOut(socket));
    this.#reconnect = reconnectPolicy(options.reconnect);
    this.#outage = new Outage(this.#reconnect?.stableAfterMs ?? 0);
    this.#log = safeLogger(options.log);
    // Nobody may be listening to `closed()` of a transport that never opened.
    this.#closed.promise.catch(() => {});
  }

  /** The URL connected to (without secrets). */
  get url(): string {
    return this.#request.url;
  }

  /** Opens the socket; resolves when it is open (see `Transport.open`). */
  open(handlers: TransportHandlers, signal?: AbortSignal): Promise<void> {
    if (this.#state.status !== "idle") {
      return Promise.reject(
        new TransportClosedError("open() was already called; create a new transport instead."),
      );
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.#handlers = handlers;
    this.#signal = signal;
    const opened = this.#dial(0);
    // A socket that could not even be created leaves nothing to abort (and no listener behind).
    if (signal === undefined || (this.#state as State).status !== "connecting") return opened;
    signal.addEventListener("abort", this.#onAbort, { once: true });
    return opened;
  }

  /**
   * Sends one text frame. Resolves at once while `bufferedAmount` is under the high-water mark,
   * otherwise when the socket has drained below it. Rejects with `TransportDisconnectedError`
   * while reconnecting and `TransportClosedError` when closed.
   */
  send(data: string): Promise<void> {
    const state = this.#state;
    if (state.status === "open") {
      const socket = state.socket;
      socket.send(data);
      if (socket.bufferedAmount <= this.#highWaterMark) return RESOLVED;
      // The socket closed while this frame waited: say why as of now (reconnecting or closed).
      return socket.drained(this.#highWaterMark).catch(() => {
        throw this.#cannotSend();
      });
    }
    return Promise.reject(this.#cannotSend());
  }

  /** Why nothing can be sent in the current state. */
  #cannotSend(): TransportClosedError | TransportDisconnectedError {
    const state = this.#state;
    switch (state.status) {
      case "reconnecting":
        return new TransportDisconnectedError();
      case "connecting":
        return state.attempt === 0
          ? new TransportClosedError("send() before open() resolved; await open() first.")
          : new TransportDisconnectedError();
      case "idle":
        return new TransportClosedError("send() before open(); open the transport first.");
      case "open":
        // The socket went away under a waiting send before its close was handled: not our close.
        return new TransportClosedError("The WebSocket closed while the event waited to be sent.", {
          kind: "network",
          code: null,
          reason: "closed while a send waited for the socket to drain",
        });
      case "closing":
      case "closed":
        return new TransportClosedError(
          `The WebSocket is ${state.status}${
            state.reason ? ` (${describeCloseReason(state.reason)})` : ""
          }; open a new session to send more.`,
          state.reason,
        );
    }
  }

  /** Closes (idempotent); resolves once the close handshake is done or timed out. */
  close(code = 1000, reason = ""): Promise<void> {
    // Checked before any state changes: a refused close leaves everything as it was.
    const invalid = invalidClose(code, reason);
    if (invalid !== undefined) return Promise.reject(invalid);
    const state = this.#state;
    switch (state.status) {
      case "idle":
        this.#state = { status: "closed", reason: undefined };
        this.#closed.resolve();
        break;
      case "connecting":
        this.#detach(state.socket, true);
        if (state.attempt === 0) {
          // Still opening: open() rejects, and `closed` is never called (it never opened).
          this.#state = { status: "closed", reason: undefined };
          this.#removeAbortListener();
          state.opened.reject(
            new TransportClosedError("close() was called before the WebSocket opened."),
          );
          this.#closed.resolve();
        } else {
          this.#finish({ kind: "client", code, reason });
        }
        break;
      case "open": {
        const closeReason: CloseReason = { kind: "client", code, reason: redact(reason) };
        state.socket.close(code, reason);
        this.#heartbeat?.stop();
        this.#outage.interrupted();
        const timer = setTimeout(() => this.#forceClosed(), this.#closeTimeoutMs);
        this.#state = { status: "closing", socket: state.socket, reason: closeReason, timer };
        break;
      }
      case "reconnecting":
        clearTimeout(state.timer);
        this.#finish({ kind: "client", code, reason });
        break;
      case "closing":
      case "closed":
        break;
    }
    return this.#closed.promise;
  }

  /** Opens a socket; resolves when it is open. Attempt 0 is the first connection. */
  #dial(attempt: number): Promise<void> {
    const opened = deferred<void>();
    this.#lastError = undefined;
    this.#rejection = undefined;
    if (attempt > 0) this.#outage.dialling(attempt);
    this.#logEntry("debug", "transport.connecting", { url: this.#request.url, attempt });
    let socket: PlatformSocket | undefined;
    const listener: SocketListener = {
      open: () => {
        if (socket === this.#current) this.#onOpen(opened);
      },
      message: (text) => {
        if (socket !== this.#current) return;
        this.#heartbeat?.traffic();
        this.#handlers?.message(text);
      },
      binary: () => {
        if (socket === this.#current) {
          this.#logEntry("warn", "transport.binary_frame_dropped", {});
        }
      },
      pong: () => {
        if (socket === this.#current) this.#heartbeat?.pong();
      },
      rejected: (status, body) => {
        if (socket === this.#current) this.#rejection = { status, body };
      },
      error: (error) => {
        // The first error explains the failure (a connect timeout, before the abort it causes).
        if (socket === this.#current) this.#lastError ??= error;
      },
      close: (code, reason) => {
        if (socket === this.#current) this.#onSocketClose(code, reason);
      },
    };
    try {
      socket = this.#platform.open(this.#request, listener);
    } catch (cause) {
      const error = new TransportConnectError(
        `Could not open a WebSocket to ${redact(this.#request.url)}: ${redact(String(cause))}`,
        { cause },
      );
      if (attempt === 0) {
        // Nothing was opened: the transport is done, and `closed` is never called.
        this.#state = { status: "closed", reason: undefined };
        this.#closed.resolve();
      }
      return Promise.reject(error);
    }
    this.#current = socket;
    this.#state = { status: "connecting", socket, attempt, opened };
    const dialed = socket;
    this.#connectTimer = setTimeout(() => {
      if (dialed !== this.#current) return;
      this.#lastError ??= new Error(
        `no WebSocket upgrade within ${this.#connectTimeoutMs} ms (raise \`connectTimeoutMs\` on a slow network)`,
      );
      dialed.terminate();
    }, this.#connectTimeoutMs);
    return opened.promise;
  }

  #onOpen(opened: Deferred<void>): void {
    const state = this.#state;
    if (state.status !== "connecting") return;
    clearTimeout(this.#connectTimer);
    this.#lastError = undefined;
    this.#state = { status: "open", socket: state.socket };
    this.#heartbeat?.start(state.socket);
    this.#outage.opened((attempts, stableAfterMs) => {
      this.#logEntry("info", "transport.recovered", { attempts, stable_after_ms: stableAfterMs });
    });
    this.#logEntry("info", "transport.open", { url: this.#request.url, attempt: state.attempt });
    if (state.attempt > 0) {
      this.#handlers?.local({
        type: "transport.reconnected",
        attempt: state.attempt,
        stateRestored: false,
      });
    }
    opened.resolve();
  }

  #onSocketClose(code: number, reason: string): void {
    const state = this.#state;
    this.#current = undefined;
    clearTimeout(this.#connectTimer);
    this.#outage.interrupted();
    this.#heartbeat?.stop();
    switch (state.status) {
      case "connecting": {
        const error = connectError(
          redact(this.#request.url),
          code,
          this.#lastError,
          this.#rejection,
        );
        if (state.attempt === 0) {
          this.#state = { status: "closed", reason: undefined };
          this.#removeAbortListener();
          this.#closed.resolve();
          state.opened.reject(error);
          return;
        }
        const detail = error.serverMessage ?? (error.cause as Error | undefined)?.message;
        this.#logEntry("warn", "transport.reconnect_failed", {
          attempt: state.attempt,
          status: error.status,
          detail: redact(detail ?? `closed with code ${code}`),
        });
        if (refusedForGood(error.status)) {
          // A key or request the server refuses will be refused again: stop here.
          this.#finish({ kind: "error", error });
          return;
        }
        this.#reconnectOrFinish(
          { kind: "network", code: code === 1006 ? null : code, reason: error.message },
          state.attempt + 1,
          error,
        );
        return;
      }
      case "open": {
        const lastError = this.#lastError;
        if (lastError instanceof MessageTooBigError) {
          this.#finish({ kind: "error", error: lastError });
          return;
        }
        this.#lost(closeReasonFromCode(code, redact(reason)));
        return;
      }
      case "closing":
        clearTimeout(state.timer);
        this.#finish(state.reason);
        return;
      default:
        return;
    }
  }

  /** The open connection is gone: reconnect if allowed, otherwise close for good. */
  #lost(reason: CloseReason): void {
    this.#logEntry("warn", "transport.lost", { reason: describeCloseReason(reason) });
    if (this.#reconnect?.reconnectable(reason)) {
      // A connection that did not stay up long enough continues the outage it ended.
      this.#reconnectOrFinish(
        reason,
        this.#outage.attempts + 1,
        reason.kind === "network" ? reason.error : undefined,
      );
    } else {
      this.#finish(reason);
    }
  }

  #reconnectOrFinish(reason: CloseReason, attempt: number, cause: unknown): void {
    if (this.#reconnect === undefined || !this.#reconnect.allows(attempt)) {
      const error = new ReconnectFailedError(attempt - 1, { cause });
      this.#finish({ kind: "network", code: null, reason: error.message, error });
      return;
    }
    this.#scheduleReconnect(reason, attempt);
  }

  #scheduleReconnect(reason: CloseReason, attempt: number): void {
    const policy = this.#reconnect;
    if (policy === undefined) return;
    const delay = policy.delay(attempt);
    const timer = setTimeout(() => {
      if (this.#state.status !== "reconnecting") return;
      this.#dial(attempt).catch((cause: unknown) => {
        // The platform refused to even create a socket: count it as a failed attempt.
        if (this.#state.status === "reconnecting" || this.#state.status === "connecting") {
          this.#reconnectOrFinish(reason, attempt + 1, cause);
        }
      });
    }, delay);
    this.#state = { status: "reconnecting", attempt, reason, timer };
    this.#logEntry("info", "transport.reconnecting", { attempt, delay_ms: delay });
    this.#handlers?.local({ type: "transport.reconnecting", attempt, delay_ms: delay, reason });
  }

  /** The open socket answered nothing within the heartbeat timeout: it is lost. */
  #heartbeatTimedOut(socket: PlatformSocket): void {
    const state = this.#state;
    if (state.status !== "open" || state.socket !== socket) return;
    const timeoutMs = this.#heartbeat?.timeoutMs ?? 0;
    this.#logEntry("warn", "transport.heartbeat_timeout", { timeout_ms: timeoutMs });
    this.#detach(socket, true);
    const error = new HeartbeatTimeoutError(timeoutMs);
    this.#lost({ kind: "network", code: null, reason: error.message, error });
  }

  /** Stops listening to a socket and drops it. */
  #detach(socket: PlatformSocket, terminate: boolean): void {
    if (this.#current === socket) this.#current = undefined;
    clearTimeout(this.#connectTimer);
    this.#outage.interrupted();
    this.#heartbeat?.stop();
    if (terminate) socket.terminate();
  }

  /** The close handshake did not finish in time: drop the socket. */
  #forceClosed(): void {
    const state = this.#state;
    if (state.status !== "closing") return;
    this.#logEntry("warn", "transport.close_timeout", { timeout_ms: this.#closeTimeoutMs });
    this.#detach(state.socket, true);
    this.#finish(state.reason);
  }

  readonly #onAbort = (): void => {
    const reason = this.#signal?.reason;
    const state = this.#state;
    switch (state.status) {
      case "connecting":
        this.#detach(state.socket, true);
        if (state.attempt === 0) {
          this.#state = { status: "closed", reason: undefined };
          this.#closed.resolve();
          state.opened.reject(reason);
          return;
        }
        this.#finish({ kind: "aborted", reason });
        return;
      case "open":
        this.#detach(state.socket, false);
        state.socket.close(1000, "aborted");
        this.#finish({ kind: "aborted", reason });
        return;
      case "reconnecting":
        clearTimeout(state.timer);
        this.#finish({ kind: "aborted", reason });
        return;
      case "closing":
        clearTimeout(state.timer);
        this.#detach(state.socket, true);
        this.#finish(state.reason);
        return;
      default:
        return;
    }
  };

  #removeAbortListener(): void {
    this.#signal?.removeEventListener("abort", this.#onAbort);
  }

  /** The end: state closed, `closed` handler called exactly once. */
  #finish(reason: CloseReason): void {
    if (this.#state.status === "closed") return;
    this.#state = { status: "closed", reason };
    this.#heartbeat?.stop();
    this.#outage.interrupted();
    this.#removeAbortListener();
    this.#logEntry(reason.kind === "client" ? "debug" : "info", "transport.closed", {
      kind: reason.kind,
      reason: describeCloseReason(reason),
    });
    this.#closed.resolve();
    this.#handlers?.closed(reason);
  }

  #logEntry(level: LogEntry["level"], msg: string, fields: Record<string, unknown>) {
    this.#log({ ...fields, level, msg });
  }
}
