import { isServerEventType, type ServerEvent, type UnknownServerEvent } from "@echo/core";
import { ValidationError } from "../errors.js";
import { issue, toValidationIssues } from "../issues.js";
import { serverEventSchemas } from "./events.js";

/** The result of {@link safeParseServerEvent}. */
export type ServerParseResult =
  | { success: true; data: ServerEvent | UnknownServerEvent; known: boolean }
  | { success: false; error: ValidationError };

/**
 * Parses a server event leniently: `data` is the event object or its JSON text. A known type
 * is checked for the fields a client relies on (unknown keys such as `obfuscation` pass); an
 * unknown type passes as an {@link UnknownServerEvent} with `known: false`.
 */
export function safeParseServerEvent(data: unknown): ServerParseResult {
  let event: unknown = data;
  if (typeof data === "string") {
    try {
      event = JSON.parse(data);
    } catch {
      return failure(
        undefined,
        "",
        "invalid_value",
        "is not JSON text; a server frame is one JSON object",
      );
    }
  }
  if (event === null || typeof event !== "object" || Array.isArray(event)) {
    return failure(undefined, "", "invalid_type", 'must be a JSON object with a string "type"');
  }
  const type = (event as { type?: unknown }).type;
  if (typeof type !== "string") {
    return failure(undefined, "type", "missing_required_parameter", "is required (a string)");
  }
  if (!isServerEventType(type)) {
    return { success: true, data: event as UnknownServerEvent, known: false };
  }
  const result = serverEventSchemas[type].safeParse(event);
  if (!result.success) {
    return {
      success: false,
      error: new ValidationError(type, toValidationIssues(result.error.issues, event)),
    };
  }
  return { success: true, data: event as ServerEvent, known: true };
}

/**
 * Parses a server event leniently (see {@link safeParseServerEvent}) and returns it, typed for
 * `switch (ev.type)`; throws a `ValidationError` when a known event lacks a field it must have.
 */
export function parseServerEvent(data: unknown): ServerEvent | UnknownServerEvent {
  const result = safeParseServerEvent(data);
  if (result.success) return result.data;
  throw result.error;
}

function failure(
  eventType: string | undefined,
  param: string,
  code: "invalid_value" | "invalid_type" | "missing_required_parameter",
  text: string,
): ServerParseResult {
  return {
    success: false,
    error: new ValidationError(eventType, [issue(param === "" ? [] : [param], code, text)]),
  };
}
