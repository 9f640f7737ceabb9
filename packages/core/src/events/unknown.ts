/**
 * The `type` of a server event this library does not know. At runtime it is the string the
 * server sent. In the type system it is a string that no known event type matches (the
 * pattern's NUL character never occurs in a real type), so `switch (ev.type)` still narrows
 * every known event: a plain or branded `string` would match every `case` and stop the
 * narrowing. String methods work on it; compare it with {@link eventTypeOf}.
 */
export type UnknownEventType = `${string}\u0000unknown`;

/**
 * A server event whose `type` is not one of the GA events this version knows (a newer event,
 * or one from a preview). Its fields are readable as `unknown`.
 */
export interface UnknownServerEvent {
  /** The event type the server sent; see {@link UnknownEventType}. */
  readonly type: UnknownEventType;
  /** The server's event id, if it sent one. */
  readonly event_id?: string;
  /** Any other field, unchecked. */
  readonly [key: string]: unknown;
}

/**
 * The `type` of any event as a plain `string`, e.g. to compare an {@link UnknownServerEvent}'s
 * type with a name this version does not know: `eventTypeOf(ev) === "response.new_thing"`.
 */
export function eventTypeOf(event: { readonly type: string }): string {
  return event.type;
}
