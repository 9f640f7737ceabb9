import type { CloseReason } from "../shared/close-reason.js";

/** The transport lost its connection and will try again after `delay_ms`. */
export interface TransportReconnectingEvent {
  /** Event type. */
  type: "transport.reconnecting";
  /** The attempt about to be made, from 1. */
  attempt: number;
  /** The backoff before that attempt, in ms. */
  delay_ms: number;
  /** Why the connection was lost. */
  reason: CloseReason;
}

/**
 * The transport reconnected. The server made a NEW, empty session: configure it again
 * (`stateRestored` is always `false`).
 */
export interface TransportReconnectedEvent {
  /** Event type. */
  type: "transport.reconnected";
  /** The attempt that succeeded, from 1. */
  attempt: number;
  /** Always `false`: the conversation and config of the old session are gone. */
  stateRestored: false;
}

/** An event made on this side of the connection, not by the server. */
export type LocalEvent = TransportReconnectingEvent | TransportReconnectedEvent;

/** The `type` of any local event. */
export type LocalEventType = LocalEvent["type"];
