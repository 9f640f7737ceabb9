import type { JsonObject } from "./json.js";
import { inputFormat, mergeSession, outputVoice, turnDetection } from "./session-config.js";
import { invalidRequest, type WireError } from "./wire-error.js";

/** Outcome of checking a `session.update`: the merged config, or the error to send instead. */
export type SessionUpdateCheck =
  | {
      ok: true;
      /** The session config after the update. */
      next: JsonObject;
      /** Whether turn detection or the input format changed, so the VAD must restart. */
      vadChanged: boolean;
    }
  | { ok: false; error: WireError };

/**
 * Checks a client's `session.update` against the current config the way the real service does
 * (fixed type, model and tracing; voice locked once assistant audio exists) and merges it.
 */
export function checkSessionUpdate(
  current: JsonObject,
  update: JsonObject,
  voiceLocked: boolean,
  eventId: string | null,
): SessionUpdateCheck {
  if (update.type !== current.type) {
    return {
      ok: false,
      error: invalidRequest(
        "invalid_value",
        `Cannot change the session type from '${String(current.type)}' to '${String(update.type)}'.`,
        "session.type",
        eventId,
      ),
    };
  }
  if (update.model !== undefined && update.model !== current.model) {
    return {
      ok: false,
      error: invalidRequest(
        "invalid_value",
        "The session's model cannot be changed after it starts.",
        "session.model",
        eventId,
      ),
    };
  }
  const tracingOn = current.tracing !== null && current.tracing !== undefined;
  if (
    tracingOn &&
    update.tracing !== undefined &&
    JSON.stringify(update.tracing) !== JSON.stringify(current.tracing)
  ) {
    return {
      ok: false,
      error: invalidRequest(
        "invalid_value",
        "Tracing cannot be changed or turned off once it is enabled for a session.",
        "session.tracing",
        eventId,
      ),
    };
  }
  const next = mergeSession(current, update);
  if (voiceLocked && JSON.stringify(outputVoice(next)) !== JSON.stringify(outputVoice(current))) {
    return {
      ok: false,
      error: invalidRequest(
        "cannot_update_voice",
        "Cannot update a conversation's voice if assistant audio is present.",
        "session.audio.output.voice",
        eventId,
      ),
    };
  }
  const formatChanged = JSON.stringify(inputFormat(next)) !== JSON.stringify(inputFormat(current));
  const vadChanged =
    JSON.stringify(turnDetection(next)) !== JSON.stringify(turnDetection(current)) || formatChanged;
  return { ok: true, next, vadChanged };
}
