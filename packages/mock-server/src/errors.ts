import { EchoFaultError, EchoUsageError } from "@echo/core";

/**
 * An `echo-mock-server` command-line argument that cannot be used: an unknown option, a missing
 * value, a number that is not a non-negative integer. The message names the option and what to
 * pass instead. Code `"invalid_cli_argument"`.
 */
export class MockCliArgumentError extends EchoUsageError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("invalid_cli_argument", message, options);
  }
}

/**
 * The self-signed certificate for `tls: true` (`--tls`) could not be made, usually because the
 * `openssl` command is missing; `cause` is what failed. Code `"certificate_failed"`.
 */
export class MockCertificateError extends EchoFaultError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("certificate_failed", message, options);
  }
}
