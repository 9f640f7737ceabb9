export {
  EchoError,
  type EchoErrorKind,
  type EchoErrorOptions,
  EchoFaultError,
  EchoUsageError,
} from "./errors.js";
export {
  type CloseReason,
  type CloseReasonKind,
  closeReasonFromCode,
  describeCloseReason,
  type LocalEvent,
  type Transport,
  type TransportHandlers,
} from "./session/index.js";
