export {
  EchoError,
  type EchoErrorKind,
  type EchoErrorOptions,
  EchoFaultError,
  EchoUsageError,
} from "./errors.js";
