import type { WireError } from "./wire-error.js";

/** When a fault fires. */
export type FaultTrigger =
  /** Right after `session.created`. */
  | { on: "open" }
  /** After the server received (and handled) a client event of this type. */
  | { on: "client_event"; type: string }
  /** Just before the server would send an event of this type (the event is then not sent for `drop`/`stall`). */
  | { on: "server_event"; type: string };

/** What a fault does to the connection. */
export type FaultAction =
  /** Destroys the TCP socket without a close frame (the client sees 1006). */
  | { kind: "drop" }
  /** Stops reading and sending (so no pongs either) until `resume()`; queued events are sent then. */
  | { kind: "stall" }
  /** Sends a frame that is not valid JSON (default `{"type":"response.output_text.delta",`). */
  | { kind: "malformed"; data?: string }
  /** Sends an `error` event, optionally followed in the same tick by a close. */
  | { kind: "error"; error?: Partial<WireError>; close?: { code: number; reason: string } }
  /** Closes with a code and reason. */
  | { kind: "close"; code: number; reason: string }
  /** Reads from the client only once every `readEveryMs` (its `bufferedAmount` grows). */
  | { kind: "slow_reader"; readEveryMs: number };

/** A fault to inject into every connection (each rule fires `times` times per connection, default once). */
export interface FaultRule {
  /** When it fires. */
  when: FaultTrigger;
  /** What it does. */
  action: FaultAction;
  /** How often per connection (default 1). */
  times?: number;
}

/** Whether a rule matches a moment of a connection. */
export function matches(rule: FaultRule, moment: FaultTrigger): boolean {
  const w = rule.when;
  if (w.on !== moment.on) return false;
  if (w.on === "open") return true;
  return "type" in moment && w.type === moment.type;
}
