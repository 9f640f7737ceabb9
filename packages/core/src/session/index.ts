export {
  MalformedServerFrameError,
  SessionBackpressureError,
  SessionClosedError,
  SessionOverflowError,
  TransportClosedError,
  UnserializableEventError,
} from "./errors.js";
export type { SessionOptions } from "./options.js";
export { openSession, type Session } from "./session.js";
export type { Transport, TransportHandlers } from "./transport.js";
