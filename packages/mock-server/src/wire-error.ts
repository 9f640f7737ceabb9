/** The `error` object of an `error` server event, exactly as the real service shapes it. */
export interface WireError {
  /** `invalid_request_error` for the caller's mistakes, `server_error` for faults. */
  type: "invalid_request_error" | "server_error";
  /** Machine-readable code, or `null` (the real server sends `null` for some auth errors). */
  code: string | null;
  /** Human-readable text. */
  message: string;
  /** The offending parameter as a dotted path, e.g. `session.bogus_field`, or `null`. */
  param: string | null;
  /** The client's `event_id` that caused the error, or `null`. */
  event_id: string | null;
}

/** Builds a {@link WireError} of type `invalid_request_error`. */
export function invalidRequest(
  code: string | null,
  message: string,
  param: string | null = null,
  eventId: string | null = null,
): WireError {
  return { type: "invalid_request_error", code, message, param, event_id: eventId };
}
