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

/** The WebSocket could not be opened (refused, DNS, TLS, an HTTP answer instead of an upgrade). */
export class TransportConnectError extends EchoFaultError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("connect_failed", message, options);
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

/** A client event was sent after the transport closed (or before it opened). */
export class TransportClosedError extends EchoUsageError {
  constructor(message: string) {
    super("transport_closed", message);
  }
}

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
