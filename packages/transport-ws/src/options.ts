import type { CloseReason, Logger } from "@echo/core";

/** Liveness checking: the client pings and treats a missing answer as a lost connection. */
export interface HeartbeatOptions {
  /** How often to ping, in milliseconds. Default 15000 (the server itself pings about every 20 s). */
  intervalMs?: number;
  /**
   * How long to wait for the pong, in milliseconds, before closing with `{ kind: "network" }`.
   * Any frame from the server in that time also counts as a sign of life. Default 10000.
   */
  timeoutMs?: number;
}

/**
 * Automatic reconnection. Each reconnection opens a NEW, empty server session (the Realtime API
 * cannot resume one), which the `transport.reconnected` event says with `stateRestored: false`.
 */
export interface ReconnectOptions {
  /** Attempts per outage before giving up with `{ kind: "network" }`. Default 5. */
  maxAttempts?: number;
  /** Delay before the first attempt, in milliseconds. Default 500. */
  initialDelayMs?: number;
  /** Upper bound of the delay, in milliseconds. Default 10000. */
  maxDelayMs?: number;
  /** Growth factor of the delay between attempts. Default 2. */
  factor?: number;
  /** Fraction of each delay that is randomised (0 = none, 1 = full jitter). Default 0.5. */
  jitter?: number;
  /**
   * How long a new connection must stay up before the outage counts as over, in milliseconds.
   * Until then the attempts go on counting, so a server that accepts and drops every connection
   * still ends in `ReconnectFailedError` after `maxAttempts`. When the time is up, the next loss
   * starts again from attempt 1 (logged as `transport.recovered`). Default 5000.
   */
  stableAfterMs?: number;
  /**
   * Which losses to reconnect after. Default: network drops and heartbeat timeouts, the
   * 60-minute expiry (1001) and server closes other than a normal 1000 (e.g. 1011, 1012).
   * Auth (3000) and bad-request (4000) closes are never retried, whatever this returns.
   */
  shouldReconnect?: (reason: CloseReason) => boolean;
}

/** Options of {@link createWebSocketTransport} (and the connection part of `connect`). */
export interface WebSocketTransportOptions {
  /**
   * API key or ephemeral client secret (`ek_…`). Node: defaults to `process.env.OPENAI_API_KEY`;
   * sent as `Authorization: Bearer`. Browser: required and must be an `ek_…` client secret; sent
   * as a WebSocket subprotocol. Never written to the URL, a log or an error.
   */
  apiKey?: string;
  /**
   * Model of a new session. Default `"gpt-realtime"`. `null` leaves it out of the URL (for a
   * client secret minted with its model). Not allowed together with `callId` or `intent`.
   */
  model?: string | null;
  /** `"transcription"` opens a transcription-only session (no model in the URL). */
  intent?: "transcription";
  /** Attach to an existing WebRTC or SIP call (sideband control): sets `call_id` instead of `model`. */
  callId?: string;
  /** Server URL. Default `wss://api.openai.com/v1/realtime`; e.g. the mock server's `url`. */
  url?: string;
  /** Extra HTTP headers of the upgrade request (Node only; browsers cannot set headers). */
  headers?: Record<string, string>;
  /** A stable id of your end user, sent as `OpenAI-Safety-Identifier` (Node only). */
  safetyIdentifier?: string;
  /** Heartbeat settings, or `false` to turn it off. Browsers cannot ping, so it is off there. */
  heartbeat?: HeartbeatOptions | false;
  /** Reconnect after a lost connection. Off by default; `true` uses the defaults. */
  reconnect?: ReconnectOptions | boolean;
  /**
   * `send` resolves at once while the socket's `bufferedAmount` is at most this many bytes, and
   * waits for the socket to drain below it otherwise. Default 1 MiB.
   */
  highWaterMark?: number;
  /**
   * Largest server frame accepted, in bytes (Node only; browsers apply their own limit). A larger
   * frame closes the connection with `{ kind: "error" }` carrying `MessageTooBigError` (1009).
   * Default 100 MiB.
   */
  maxPayload?: number;
  /** How long the WebSocket upgrade may take before `open` fails with `TransportConnectError`. Default 15000 ms. */
  connectTimeoutMs?: number;
  /** How long `close()` waits for the server's close frame before dropping the socket. Default 5000 ms. */
  closeTimeoutMs?: number;
  /** Structured log entries (`transport.open`, `transport.lost`, ...); secrets are redacted. */
  log?: Logger;
}
