import type { LocalEvent } from "../events/index.js";
import type { CloseReason } from "../shared/close-reason.js";

/** What a transport reports to the session that opened it. */
export interface TransportHandlers {
  /** One raw server frame (JSON text). The session parses it (a single `JSON.parse` on the hot path). */
  message(data: string): void;
  /** A locally made event (`transport.reconnecting` / `transport.reconnected`). */
  local(event: LocalEvent): void;
  /** The connection ended for good. Called exactly once, after `open` resolved. */
  closed(reason: CloseReason): void;
}

/**
 * One connection to a Realtime server. Implementations: `@echo/transport-ws` (Node and
 * browser), `@echo/transport-webrtc`, and `createFakeTransport()` from `@echo/core/testing`.
 * Every implementation should pass `runTransportConformance` from
 * `@echo/core/testing/conformance`.
 */
export interface Transport {
  /**
   * Opens the connection; resolves when events can be sent. Rejects with an `EchoError` on
   * failure, or with the signal's reason when `signal` aborts first. Handlers may be called
   * as soon as `open` is called (a server may speak first).
   */
  open(handlers: TransportHandlers, signal?: AbortSignal): Promise<void>;
  /**
   * Sends one serialized client event. Resolves when the transport has taken it (backpressure,
   * e.g. a WebSocket's `bufferedAmount` under a high-water mark); rejects with an `EchoError`
   * when it cannot.
   */
  send(data: string): Promise<void>;
  /**
   * Closes the connection (idempotent) and resolves when closed. The `closed` handler gets
   * `{ kind: "client", code, reason }` unless the connection had already ended.
   */
  close(code?: number, reason?: string): Promise<void>;
}
