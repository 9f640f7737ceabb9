/** Whether an error is the caller's mistake (`"usage"`: fix the call) or a fault of the system (`"fault"`: retry or report). */
export type EchoErrorKind = "usage" | "fault";

/** Options every echo error accepts. */
export interface EchoErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Base class of every error thrown by `@echo/*` runtime packages.
 * `name` is the concrete class name, `code` is stable and machine-readable, `kind` separates
 * user mistakes from faults.
 */
export abstract class EchoError extends Error {
  override readonly name: string;
  /** Stable, machine-readable identifier, e.g. `"channel_closed"`. */
  readonly code: string;
  /** `"usage"` for a mistake in the calling code, `"fault"` for a failure outside it. */
  abstract readonly kind: EchoErrorKind;

  constructor(code: string, message: string, options: EchoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

/** A mistake in the calling code: bad arguments, a misuse of the API. The message says how to fix it. */
export class EchoUsageError extends EchoError {
  readonly kind = "usage" as const;
}

/** A failure outside the caller's control: the network, the server, the device. */
export class EchoFaultError extends EchoError {
  readonly kind = "fault" as const;
}

/**
 * A bad argument or option: a size that is not a whole number, a negative timeout, an empty port
 * list, `null` put on a channel. Every package reports its option mistakes as a usage error like
 * this one (never a bare `RangeError`/`TypeError`), so `error.kind === "usage"` always means "fix
 * the call". Code `"invalid_argument"`.
 */
export class InvalidArgumentError extends EchoUsageError {
  constructor(message: string) {
    super("invalid_argument", message);
  }
}
