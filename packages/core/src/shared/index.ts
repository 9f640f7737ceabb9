export {
  type CloseReason,
  type CloseReasonKind,
  closedErrorKind,
  closeReasonFromCode,
  describeCloseReason,
} from "./close-reason.js";
export { type Deferred, deferred } from "./deferred.js";
export { type LogEntry, type Logger, type LogLevel, safeLogger } from "./log.js";
export { REDACTED, redact, redactString } from "./redact.js";
