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

/** Builds a {@link WireError} of type `server_error`: the mock's own fault, not the caller's. */
export function serverError(eventId: string | null = null): WireError {
  return {
    type: "server_error",
    code: null,
    message:
      "The server had an error while processing your request. Sorry about that! The session is still open; you can retry.",
    param: null,
    event_id: eventId,
  };
}

/** The error for a client value nested deeper than the mock accepts (see `MAX_JSON_DEPTH`). */
export function tooDeep(param: string, limit: number, eventId: string | null = null): WireError {
  return invalidRequest(
    "invalid_value",
    `Invalid '${param}': the value nests more than ${limit} levels of JSON objects and arrays. Flatten it (JSON schemas and metadata need far fewer levels).`,
    param,
    eventId,
  );
}
