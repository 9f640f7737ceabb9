import type { CloseReason } from "./close-reason.js";

// Placeholder until src/events lands with the real LocalEvent union; replaced by a re-export then.
/** An event made on this side of the connection, not by the server. */
export type LocalEvent =
  | { type: "transport.reconnecting"; attempt: number; delay_ms: number; reason: CloseReason }
  | { type: "transport.reconnected"; attempt: number; stateRestored: false };
