import type { ClientEvent } from "@echo/core";
import { clientEventSchemas } from "./client/events.js";
import { ValidationError, type ValidationIssue } from "./errors.js";
import { issue, toValidationIssues } from "./issues.js";

/** The result of {@link safeValidate}. */
export type ValidationResult =
  | { success: true; data: ClientEvent }
  | { success: false; error: ValidationError };

type ClientSchemaType = keyof typeof clientEventSchemas;

const acceptedTypes = Object.keys(clientEventSchemas).join(", ");

/** Retired names a client may still send, and what to send instead. */
const betaEventTypes: Record<string, string> = {
  "transcription_session.update":
    'is the beta event; send "session.update" with session.type "transcription"',
};

function schemaFor(type: string) {
  return Object.hasOwn(clientEventSchemas, type)
    ? clientEventSchemas[type as ClientSchemaType]
    : undefined;
}

function fail(eventType: string | undefined, issues: ValidationIssue[]): ValidationResult {
  return { success: false, error: new ValidationError(eventType, issues) };
}

/**
 * Checks a client event as the Realtime server would, without throwing. On success `data` is
 * the same object, typed.
 */
export function safeValidate(event: unknown): ValidationResult {
  if (event === null || typeof event !== "object" || Array.isArray(event)) {
    const got = event === null ? "null" : Array.isArray(event) ? "an array" : typeof event;
    return fail(undefined, [
      issue(
        [],
        "invalid_type",
        `must be an object with a "type" (got ${got}); pass the event object, not its JSON text`,
      ),
    ]);
  }
  const type = (event as { type?: unknown }).type;
  if (typeof type !== "string") {
    return fail(undefined, [
      type === undefined
        ? issue(["type"], "missing_required_parameter", `is required: one of ${acceptedTypes}`)
        : issue(["type"], "invalid_type", `must be a string: one of ${acceptedTypes}`),
    ]);
  }
  const schema = schemaFor(type);
  if (schema === undefined) {
    const text = `${JSON.stringify(type)} ${betaEventTypes[type] ?? `is not a client event; use one of ${acceptedTypes}`}`;
    return fail(type, [issue(["type"], "invalid_value", text)]);
  }
  const result = schema.safeParse(event);
  if (result.success) return { success: true, data: event as ClientEvent };
  return fail(type, toValidationIssues(result.error.issues, event));
}

/**
 * Checks a client event as the Realtime server would and returns it typed, or throws a
 * {@link ValidationError} whose message names the event type and has one line per problem.
 * Use it as `connect({ xfIn: map(validate) })`.
 */
export function validate(event: unknown): ClientEvent {
  const result = safeValidate(event);
  if (result.success) return result.data;
  throw result.error;
}

/** Whether `event` is a valid GA client event (no error is built). */
export function isClientEvent(event: unknown): event is ClientEvent {
  if (event === null || typeof event !== "object") return false;
  const type = (event as { type?: unknown }).type;
  const schema = typeof type === "string" ? schemaFor(type) : undefined;
  return schema?.safeParse(event).success === true;
}
