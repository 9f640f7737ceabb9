// The one list of known server event types is core's; re-exported for existing imports.
export { isServerEventType } from "@echo/core";
export { clientEvent, clientEventSchemas } from "./client/events.js";
export {
  MAX_AUDIO_BASE64_LENGTH,
  MAX_EVENT_ID_LENGTH,
} from "./client/primitives.js";
export {
  SchemaError,
  ValidationError,
  type ValidationIssue,
  type ValidationIssueCode,
} from "./errors.js";
export { serverEventSchemas } from "./server/events.js";
export {
  parseServerEvent,
  type ServerParseResult,
  safeParseServerEvent,
} from "./server/parse.js";
export { isClientEvent, safeValidate, type ValidationResult, validate } from "./validate.js";
