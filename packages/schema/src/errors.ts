/**
 * The code of one problem, as the Realtime server would answer it in `error.code`.
 * `invalid_base64` is ours: the server answers undecodable audio with a less precise error.
 */
export type ValidationIssueCode =
  | "unknown_parameter"
  | "invalid_value"
  | "missing_required_parameter"
  | "invalid_type"
  | "integer_below_min_value"
  | "integer_above_max_value"
  | "decimal_below_min_value"
  | "decimal_above_max_value"
  | "string_above_max_length"
  | "string_below_min_length"
  | "array_above_max_length"
  | "invalid_base64";

/** One problem in a client event. */
export interface ValidationIssue {
  /** Where, as keys and indices from the event root, e.g. `["session", "audio", "output", "speed"]`. */
  path: (string | number)[];
  /** The same place as the server names it, e.g. `"session.tools[0].name"`; `"type"` for the event type. */
  param: string;
  /** The server-style code. */
  code: ValidationIssueCode;
  /** What is wrong and how to fix it, as a sentence that starts with `param`. */
  message: string;
}

/** Base class of the errors thrown by `@echo/schema`. */
export class SchemaError extends Error {
  override readonly name: string;
  /** Stable, machine-readable identifier. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A client event failed validation. `message` names the event type and has one line per
 * problem; `issues` has the same problems with server-style `code` and `param`.
 */
export class ValidationError extends SchemaError {
  /** The event's `type` when it was a string, else `undefined`. */
  readonly eventType: string | undefined;
  /** Every problem found, in order (never empty). */
  readonly issues: ValidationIssue[];

  constructor(eventType: string | undefined, issues: ValidationIssue[]) {
    super("invalid_client_event", formatMessage(eventType, issues));
    this.eventType = eventType;
    this.issues = issues;
  }
}

function formatMessage(eventType: string | undefined, issues: ValidationIssue[]): string {
  const what = eventType === undefined ? "client event" : `"${eventType}" event`;
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  const lines = issues.map((i) => `  - ${i.message} [${i.code}]`);
  return `Invalid ${what} (${count}):\n${lines.join("\n")}`;
}
