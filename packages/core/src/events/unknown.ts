declare const unknownEventTypeBrand: unique symbol;

/**
 * The `type` of a server event this library does not know. At runtime it is the string the
 * server sent; in the type system it is opaque, so that `switch (ev.type)` still narrows every
 * known event (a plain or branded `string` would match every `case` and stop the narrowing).
 * Read it as a string with {@link eventTypeOf}.
 */
export interface UnknownEventType {
  /** Brand; never present at runtime. */
  readonly [unknownEventTypeBrand]: "UnknownEventType";
}

/**
 * A server event whose `type` is not one of the GA events this version knows (a newer event,
 * or one from a preview). Its fields are readable as `unknown`.
 */
export interface UnknownServerEvent {
  /** The event type the server sent, opaque to the type system: see {@link eventTypeOf}. */
  readonly type: UnknownEventType;
  /** The server's event id, if it sent one. */
  readonly event_id?: string;
  /** Any other field, unchecked. */
  readonly [key: string]: unknown;
}

/** The `type` of any event as a plain string, including the type of an {@link UnknownServerEvent}. */
export function eventTypeOf(event: { readonly type: string | UnknownEventType }): string {
  return event.type as string;
}
