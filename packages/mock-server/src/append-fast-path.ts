import { MAX_AUDIO_BASE64_LENGTH, MAX_EVENT_ID_LENGTH } from "@echo/schema";
import type { JsonObject } from "./json.js";

/**
 * The audio of an `input_audio_buffer.append` that is plainly valid, decoded, or `null` to send
 * the event through the schema. A streaming session sends fifty of these a second, so the
 * common case skips the schema walk and its base64 regex: exactly `type`, `audio` and an
 * optional `event_id`; standard base64 whose decoded length proves every character was in the
 * alphabet (Node's decoder skips others and accepts the URL-safe `-` and `_`, which the schema
 * refuses, so those take the slow path). Anything else gets the schema's exact error.
 */
export function fastAppend(event: JsonObject): Buffer | null {
  let keys = 0;
  for (const key in event) {
    keys++;
    if (key !== "type" && key !== "audio" && key !== "event_id") return null;
  }
  const { audio, event_id } = event;
  if (keys > 3 || typeof audio !== "string") return null;
  if (
    event_id !== undefined &&
    (typeof event_id !== "string" || event_id.length > MAX_EVENT_ID_LENGTH)
  )
    return null;
  if (audio.length % 4 !== 0 || audio.length > MAX_AUDIO_BASE64_LENGTH) return null;
  if (audio.includes("-") || audio.includes("_")) return null;
  const padding = audio.endsWith("==") ? 2 : audio.endsWith("=") ? 1 : 0;
  const bytes = Buffer.from(audio, "base64");
  return bytes.length === (audio.length / 4) * 3 - padding ? bytes : null;
}
