export {
  type CloseReason,
  type CloseReasonKind,
  closeReasonFromCode,
  describeCloseReason,
} from "./close-reason.js";
export { type Deferred, deferred } from "./deferred.js";
export {
  MalformedServerFrameError,
  SessionBackpressureError,
  SessionClosedError,
  SessionOverflowError,
  UnserializableEventError,
} from "./errors.js";
export type { LocalEvent } from "./local-event.js";
export { type LogEntry, type Logger, type LogLevel, safeLogger } from "./log.js";
export type { SessionOptions } from "./options.js";
export { REDACTED, redact, redactString } from "./redact.js";
export { openSession, type Session } from "./session.js";
export type { Transport, TransportHandlers } from "./transport.js";
