import { openSession, type Session, type SessionEvent, type SessionOptions } from "@echo/core";
import { platform } from "#platform";
import type { WebSocketTransportOptions } from "./options.js";
import { WebSocketTransport } from "./transport.js";

/**
 * Options of {@link connect}: the connection's options plus the session's (`xfIn`, `xfOut`,
 * `onError`, `log`, `signal`, `bufferIn`, `bufferOut`). `log` and `signal` serve both.
 */
export type ConnectOptions<Out = SessionEvent> = WebSocketTransportOptions & SessionOptions<Out>;

/**
 * Makes a WebSocket transport for `openSession` (for users who compose their own stack).
 * Throws `MissingApiKeyError` when no key is given and (in Node) `OPENAI_API_KEY` is unset.
 */
export function createWebSocketTransport(
  options: WebSocketTransportOptions = {},
): WebSocketTransport {
  return new WebSocketTransport(platform, options);
}

/**
 * Opens a Realtime session over WebSocket: `openSession(createWebSocketTransport(options), options)`.
 * Resolves once the socket is open; the server's first event (`session.created`, or an `error`
 * before a fatal close) is the first thing the session yields.
 */
export async function connect<Out = SessionEvent>(
  options: ConnectOptions<Out> = {},
): Promise<Session<Out>> {
  const transport = createWebSocketTransport(options);
  return openSession(transport, options);
}

export {
  HeartbeatTimeoutError,
  InsecureApiKeyError,
  InvalidCloseError,
  InvalidTransportOptionsError,
  MessageTooBigError,
  MissingApiKeyError,
  ReconnectFailedError,
  TransportClosedError,
  TransportConnectError,
  type TransportConnectErrorOptions,
  TransportDisconnectedError,
} from "./errors.js";
export type { HeartbeatOptions, ReconnectOptions, WebSocketTransportOptions } from "./options.js";
export type { WebSocketTransport } from "./transport.js";
export { DEFAULT_MODEL, DEFAULT_URL } from "./url.js";
