import { redact } from "./redact.js";

/** Severity of a {@link LogEntry}. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** One structured log entry: a level, a message and any fields. Secrets are already redacted. */
export interface LogEntry {
  /** Severity. */
  level: LogLevel;
  /** What happened, in a few words. */
  msg: string;
  /** Structured fields (ids, codes, reasons, errors as plain objects). */
  [field: string]: unknown;
}

/** Receives structured log entries. Write them wherever you like (console, pino, a file). */
export type Logger = (entry: LogEntry) => void;

/**
 * Wraps a user logger so every entry is redacted (see `redact`) and a throwing logger cannot
 * break the caller; `undefined` gives a no-op. Transports use it for their own `log` option.
 */
export function safeLogger(log: Logger | undefined): Logger {
  if (log === undefined) return () => {};
  return (entry) => {
    try {
      log(redact(entry));
    } catch {
      // A broken logger must not take the session down with it.
    }
  };
}
