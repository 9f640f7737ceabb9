/** Whether an error is the caller's mistake (`"usage"`) or a fault outside the call (`"fault"`). */
export type AecErrorKind = "usage" | "fault";

/**
 * Base class of every error this package throws. `name` is the concrete class name, `code` is
 * stable and machine-readable, `kind` separates mistakes in the calling code from faults.
 * (Mirrors `EchoError` in `@echo/core`, which this package may not depend on at runtime.)
 */
export abstract class AecError extends Error {
  override readonly name: string;
  /** Stable identifier, e.g. `"aec_frame_size"`. */
  readonly code: string;
  /** `"usage"` for a mistake in the calling code, `"fault"` for a failure outside it. */
  abstract readonly kind: AecErrorKind;

  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad options or input: wrong sample rate, frame size or array type. The message says how to fix it. */
export class AecUsageError extends AecError {
  readonly kind = "usage" as const;
}

/** A failure outside the calling code (like `EchoFaultError` in `@echo/core`). */
export class AecFaultError extends AecError {
  readonly kind = "fault" as const;
}

/** The native canceller could not be loaded (not built, or built for another platform). */
export class AecLoadError extends AecFaultError {}

/** Codes of native errors that are faults; every other `aec_*` code is a usage error. */
const FAULT_CODES: readonly string[] = ["aec_internal"];

/**
 * The package's error for an exception of the native module, which throws plain `Error`s
 * carrying an `aec_*` code and the message of the rule that refused the call (the option
 * rules live in Rust, `src/config.rs`). Anything without such a code is returned unchanged.
 */
export function fromNative(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  const code: unknown = (e as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("aec_")) return e;
  return FAULT_CODES.includes(code)
    ? new AecFaultError(code, e.message, { cause: e })
    : new AecUsageError(code, e.message, { cause: e });
}
