export {
  type CloseReason,
  type CloseReasonKind,
  closeReasonFromCode,
  describeCloseReason,
} from "./close-reason.js";
export type { LocalEvent } from "./local-event.js";
export type { Transport, TransportHandlers } from "./transport.js";
