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

/** The native canceller could not be loaded (not built, or built for another platform). */
export class AecLoadError extends AecError {
  readonly kind = "fault" as const;
}
