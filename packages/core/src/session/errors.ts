import { EchoError, type EchoErrorKind, EchoFaultError, EchoUsageError } from "../errors.js";
import { type CloseReason, closedErrorKind, describeCloseReason } from "../shared/close-reason.js";

/**
 * A `put` on a session that has closed (or closed while the event waited to be sent).
 * Code `"session_closed"`. A closed session never reopens: open a new one.
 *
 * Its `kind` follows why the session closed: `"usage"` when this side closed it (`client`,
 * `aborted`: sending after your own close is a mistake in the calling code), `"fault"` when the
 * server or the network ended it (a drop, an auth failure, the time limit, an error): nothing the
 * caller did wrong; open a new session or report it.
 */
export class SessionClosedError extends EchoError {
  readonly kind: EchoErrorKind;
  /** Why the session closed. */
  readonly reason: CloseReason;

  constructor(reason: CloseReason) {
    super(
      "session_closed",
      `Cannot send: the session is closed (${describeCloseReason(reason)}). A closed session does not reopen; open a new session (openSession/connect) to continue.`,
      reason.kind === "error" ? { cause: reason.error } : {},
    );
    this.kind = closedErrorKind(reason);
    this.reason = reason;
  }
}

/** A server frame that is not a JSON object with a string `type`. Reported to `onError`; the session goes on. */
export class MalformedServerFrameError extends EchoFaultError {
  /** The start of the frame (at most 200 characters), secrets redacted. */
  readonly preview: string;

  constructor(preview: string, cause?: unknown) {
    super(
      "malformed_server_frame",
      `The server sent a frame that is not a JSON event object (${JSON.stringify(preview)}); it was skipped. If this repeats, check that the URL points at a Realtime server.`,
      { cause },
    );
    this.preview = preview;
  }
}

/**
 * The reader of a session fell too far behind: its buffer and the queue of waiting events are
 * full. The session closes with `{ kind: "error" }` carrying this. Code `"session_overflow"`.
 */
export class SessionOverflowError extends EchoUsageError {
  constructor(cause: unknown) {
    super(
      "session_overflow",
      "The session's incoming events were not read fast enough and its buffer overflowed, so the session was closed. Read events continuously (take() or for await), raise `bufferOut`, or pass `bufferOut: sliding(n)` to keep only the latest events.",
      { cause },
    );
  }
}

/** Too many `put`s are waiting for the transport. Await each put (backpressure) or raise `bufferIn`. Code `"too_many_pending_puts"`. */
export class SessionBackpressureError extends EchoUsageError {
  /** The bound that was exceeded (`bufferIn`). */
  readonly limit: number;

  constructor(limit: number) {
    super(
      "too_many_pending_puts",
      `More than ${limit} puts are waiting for the transport to take them. Await each put before the next (it resolves when the transport has taken the event), or raise the session's \`bufferIn\`.`,
    );
    this.limit = limit;
  }
}

/** An event `put` on a session could not be serialized as JSON (e.g. a BigInt or a cycle). Code `"unserializable_event"`. */
export class UnserializableEventError extends EchoUsageError {
  constructor(type: unknown, cause: unknown) {
    super(
      "unserializable_event",
      `The client event${typeof type === "string" ? ` "${type}"` : ""} cannot be turned into JSON (${cause instanceof Error ? cause.message : String(cause)}). Events must be plain JSON data: no BigInt, functions or cycles.`,
      { cause },
    );
  }
}

/**
 * `send` on a transport that is not open (before `open()`, after it closed, or `open()` called
 * twice), or a send that was waiting when the connection ended. Code `"transport_closed"`. One
 * class for every transport, since the {@link Transport} contract is core's.
 *
 * Its `kind` follows the close reason, as {@link SessionClosedError}'s does: `"usage"` when the
 * calling code caused it (never opened, or its own `close()` or abort), `"fault"` when the server
 * or the network ended the connection: nothing the caller did wrong; connect again.
 */
export class TransportClosedError extends EchoError {
  readonly kind: EchoErrorKind;
  /** Why the transport closed; `undefined` when it was never open (a call out of order). */
  readonly reason: CloseReason | undefined;

  constructor(message: string, reason?: CloseReason) {
    const cause = reason?.kind === "error" || reason?.kind === "network" ? reason.error : undefined;
    super("transport_closed", message, cause === undefined ? {} : { cause });
    this.kind = reason === undefined ? "usage" : closedErrorKind(reason);
    this.reason = reason;
  }
}
