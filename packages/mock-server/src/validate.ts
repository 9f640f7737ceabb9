import { safeValidate } from "@echo/schema";
import { isObject, type JsonObject, type JsonValue } from "./json.js";

/**
 * The client event types a GA WebSocket server accepts, in the order the real server lists them
 * (`output_audio_buffer.clear` is WebRTC/SIP only; `session.close` belongs to the Translation API).
 */
export const CLIENT_EVENT_TYPES: readonly string[] = [
  "session.update",
  "input_audio_buffer.append",
  "input_audio_buffer.commit",
  "input_audio_buffer.clear",
  "conversation.item.create",
  "conversation.item.truncate",
  "conversation.item.delete",
  "conversation.item.retrieve",
  "response.create",
  "response.cancel",
];

/** A client event that passed validation (the mock reads its fields as plain JSON). */
export interface ClientMessage extends JsonObject {
  type: string;
}

/** Why an event was rejected, as the real server reports it in `error`. */
export interface EventRejection {
  code: string;
  param: string | null;
  message: string;
}

/** The outcome of validating one client event. */
export type Checked = { ok: true; event: ClientMessage } | { ok: false; rejection: EventRejection };

/**
 * Validates one parsed client event with `@echo/schema` and returns the rejection the real
 * server would answer (built from the first issue). A type this WebSocket server does not take
 * is `invalid_value` with `param: "type"` and the list of accepted types, as the live service says.
 */
export function checkClientEvent(value: unknown): Checked {
  if (
    isObject(value) &&
    typeof value.type === "string" &&
    !CLIENT_EVENT_TYPES.includes(value.type)
  ) {
    const known = safeValidate(value);
    // Keep the schema's advice for retired beta names (e.g. transcription_session.update).
    const advice = known.success ? undefined : known.error.issues[0]?.message;
    const hint = advice?.includes("beta") ? ` (${advice})` : "";
    return {
      ok: false,
      rejection: {
        code: "invalid_value",
        param: "type",
        message: `Invalid value: '${value.type}'. Supported values are: ${CLIENT_EVENT_TYPES.join(", ")}.${hint}`,
      },
    };
  }
  const result = safeValidate(value);
  if (result.success) return { ok: true, event: value as ClientMessage };
  const first = result.error.issues[0];
  return {
    ok: false,
    rejection: {
      code: first?.code ?? "invalid_value",
      param: first?.param || null,
      message: first?.message ?? result.error.message,
    },
  };
}

/**
 * Checks a session config object (a client secret's `session`) with the same schema as
 * `session.update`; `param` paths start with `session.` as in the request body.
 */
export function checkSessionConfig(session: JsonValue | undefined): EventRejection | null {
  if (session === undefined) return null;
  const checked = checkClientEvent({ type: "session.update", session });
  return checked.ok ? null : checked.rejection;
}
