import type { EchoError, EchoErrorKind } from "../errors.js";

/**
 * Why a session closed: a tagged union on `kind`.
 *
 * - `client`: this side closed it (`session.close()` / `transport.close()`).
 * - `aborted`: the `signal` given to `openSession` (or `connect`) was aborted.
 * - `server`: the server closed normally (1000, or any code without a more precise kind).
 * - `auth`: close 3000, e.g. `invalid_request_error.invalid_api_key`.
 * - `bad_request`: close 4000, e.g. a missing or unknown model, or the retired beta header.
 * - `expired`: close 1001, the session reached its 60-minute limit.
 * - `network`: the connection dropped or the heartbeat timed out (`code` is `null` when no
 *   close frame arrived).
 * - `error`: any other fault; `error` says what.
 */
export type CloseReason =
  | { kind: "client"; code: number; reason: string }
  | { kind: "aborted"; reason: unknown }
  | { kind: "server"; code: number; reason: string }
  | { kind: "auth"; code: 3000; reason: string }
  | { kind: "bad_request"; code: 4000; reason: string }
  | { kind: "expired"; code: 1001; reason: string }
  | { kind: "network"; code: number | null; reason: string; error?: EchoError }
  | { kind: "error"; error: EchoError };

/** The `kind` of a {@link CloseReason}. */
export type CloseReasonKind = CloseReason["kind"];

/**
 * Maps a close frame received from the server to a {@link CloseReason}, as §1 of the protocol
 * reference (docs/realtime-protocol.md in the repository) describes: 3000 auth, 4000 bad
 * request, 1001 expired, 1006 (no close frame) network, anything else a normal server close. Transports call this so every one of them reports the same kinds.
 */
export function closeReasonFromCode(code: number, reason: string): CloseReason {
  switch (code) {
    case 3000:
      return { kind: "auth", code, reason };
    case 4000:
      return { kind: "bad_request", code, reason };
    case 1001:
      return { kind: "expired", code, reason };
    case 1005:
    case 1006:
      return { kind: "network", code, reason };
    default:
      return { kind: "server", code, reason };
  }
}

/** A short human description of a close reason, for error messages and logs. */
export function describeCloseReason(reason: CloseReason): string {
  switch (reason.kind) {
    case "client":
      return `closed by this client (code ${reason.code}${reason.reason ? `, "${reason.reason}"` : ""})`;
    case "aborted":
      return "aborted by its AbortSignal";
    case "server":
      return `closed by the server (code ${reason.code}${reason.reason ? `, "${reason.reason}"` : ""})`;
    case "auth":
      return `rejected by the server: authentication failed (code 3000, "${reason.reason}"); check the API key or client secret`;
    case "bad_request":
      return `rejected by the server: bad request (code 4000, "${reason.reason}"); check the model, URL and headers`;
    case "expired":
      return `expired: the server ended it at its time limit (code 1001, "${reason.reason}")`;
    case "network":
      return `lost: the connection dropped (${reason.code === null ? "no close code" : `code ${reason.code}`}${reason.reason ? `, "${reason.reason}"` : ""})`;
    case "error":
      return `closed by an error: ${reason.error.message}`;
  }
}

/**
 * The `kind` of an error about using a connection that has closed for `reason`: `"usage"` when
 * this side closed it (`client`, `aborted`: sending after your own close is a mistake in the
 * calling code), `"fault"` when the server or the network ended it (nothing the caller did wrong).
 * Core's `SessionClosedError` and the transports' closed errors all follow this rule.
 */
export function closedErrorKind(reason: CloseReason): EchoErrorKind {
  return reason.kind === "client" || reason.kind === "aborted" ? "usage" : "fault";
}
