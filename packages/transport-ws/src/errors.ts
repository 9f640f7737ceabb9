import { EchoFaultError, EchoUsageError } from "@echo/core";

/** No API key: neither the `apiKey` option nor (in Node) `OPENAI_API_KEY` was set. */
export class MissingApiKeyError extends EchoUsageError {
  constructor(message: string) {
    super("missing_api_key", message);
  }
}

/** A long-lived `sk-…` key was given to the browser transport, which would expose it to every visitor. */
export class InsecureApiKeyError extends EchoUsageError {
  constructor() {
    super(
      "insecure_api_key",
      "A long-lived API key (sk-…) must not be used in a browser: anyone can read it from the page. " +
        "Mint an ephemeral client secret (ek_…) on your server with POST /v1/realtime/client_secrets " +
        "and pass that as `apiKey`.",
    );
  }
}

/** Options that contradict each other or cannot work on this runtime. */
export class InvalidTransportOptionsError extends EchoUsageError {
  constructor(message: string) {
    super("invalid_transport_options", message);
  }
}

/** Options of {@link TransportConnectError}. */
export interface TransportConnectErrorOptions {
  /** The underlying error. */
  cause?: unknown;
  /** The HTTP status the server answered the upgrade with (401, 429, 500, ...). */
  status?: number;
  /** The server's error message from the response body (secrets redacted, at most 300 characters). */
  serverMessage?: string;
}

/**
 * The WebSocket could not be opened (refused, DNS, TLS, an HTTP answer instead of an upgrade).
 * When the server answered with an HTTP error, `status` and `serverMessage` say what it said,
 * and the message gives advice for that status (401/403: the key; 429: retry later; 5xx: retry).
 */
export class TransportConnectError extends EchoFaultError {
  /** The HTTP status of the refused upgrade; `undefined` when no HTTP answer came (refused, DNS, timeout). */
  readonly status: number | undefined;
  /** The error message in the server's response body, if it sent one. */
  readonly serverMessage: string | undefined;

  constructor(message: string, options: TransportConnectErrorOptions = {}) {
    super("connect_failed", message, { cause: options.cause });
    this.status = options.status;
    this.serverMessage = options.serverMessage;
  }
}

/** What to do about an HTTP status answered to the upgrade (or about no answer at all). */
export function connectAdvice(status: number | undefined): string {
  if (status === undefined) return "Check `url` and that the server is reachable.";
  if (status === 401 || status === 403) {
    return "Check the API key or client secret (`apiKey`, or OPENAI_API_KEY in Node): it is missing, wrong, expired or has no access to the Realtime API.";
  }
  if (status === 429) {
    return "Rate limit or quota reached: retry later (with backoff), or check your account's limits.";
  }
  if (status >= 500) return "A server error on the other side: retry in a moment (with backoff).";
  return "Check `url`, `model` and the other query parameters: the server refused the request.";
}

/**
 * The server sent a frame larger than `maxPayload`; the connection was closed with 1009
 * ("message too big"). Not retried: the same server would send it again.
 */
export class MessageTooBigError extends EchoFaultError {
  /** The limit that was exceeded, in bytes. */
  readonly limit: number;

  constructor(limit: number, options: { cause?: unknown } = {}) {
    super(
      "message_too_big",
      `The server sent a frame larger than \`maxPayload\` (${limit} bytes), so the connection was closed: message too big (1009). Raise \`maxPayload\` if the server may send frames that large.`,
      options,
    );
    this.limit = limit;
  }
}

/**
 * A client event was sent while the transport was reconnecting. It was NOT sent: the new
 * connection is a new, empty server session, so replaying events meant for the old one would be
 * wrong. Wait for the `transport.reconnected` event, configure the session again, then resend.
 */
export class TransportDisconnectedError extends EchoFaultError {
  constructor() {
    super(
      "transport_disconnected",
      "The WebSocket is reconnecting, so this event was not sent. Wait for the " +
        "`transport.reconnected` event (a new, empty server session), send `session.update` " +
        "again, then resend.",
    );
  }
}

/** `close(code, reason)` with a code a client may not send or a reason over 123 bytes. Nothing changed. */
export class InvalidCloseError extends EchoUsageError {
  constructor(message: string) {
    super("invalid_close", message);
  }
}

/** The one transport-closed error every transport throws (core's; see its JSDoc). */
export { TransportClosedError } from "@echo/core";

/** The server did not answer a ping (and sent nothing else) within the heartbeat timeout. */
export class HeartbeatTimeoutError extends EchoFaultError {
  constructor(timeoutMs: number) {
    super(
      "heartbeat_timeout",
      `The server did not answer a WebSocket ping within ${timeoutMs} ms, so the connection is ` +
        "treated as lost. Raise `heartbeat.timeoutMs` if the network is slow.",
    );
  }
}

/** Reconnecting was given up after `maxAttempts` failed attempts. */
export class ReconnectFailedError extends EchoFaultError {
  constructor(attempts: number, options: { cause?: unknown } = {}) {
    super(
      "reconnect_failed",
      `Could not reconnect the WebSocket after ${attempts} attempt${attempts === 1 ? "" : "s"}. ` +
        "Check the network and the server; raise `reconnect.maxAttempts` to try longer.",
      options,
    );
  }
}
