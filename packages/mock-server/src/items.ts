import type { Conversation } from "./conversation.js";
import { MAX_KEPT_AUDIO_BYTES, withAudio } from "./conversation.js";
import { makeId } from "./ids.js";
import { clone, isObject, type JsonObject } from "./json.js";
import type { AudioFormat } from "./session-config.js";
import type { ClientMessage } from "./validate.js";
import { invalidRequest, type WireError } from "./wire-error.js";

/** What the conversation item handlers need from their session. */
export interface ItemHost {
  /** The session's conversation, changed in place. */
  readonly conversation: Conversation;
  /** The session's current input audio format, stored with new items' audio. */
  inputFormat(): AudioFormat;
  /** Sends a server event (the session adds the event id). */
  emit(event: JsonObject & { type: string }): void;
  /** Sends an `error` event to the client. */
  sendError(error: WireError): void;
}

/** Handles `conversation.item.create`: validates, stores and announces a client-made item. */
export function createItem(host: ItemHost, ev: ClientMessage, eventId: string | null): void {
  const raw = clone(ev.item as JsonObject);
  const id = typeof raw.id === "string" ? raw.id : makeId("item");
  if (host.conversation.get(id)) {
    host.sendError(
      invalidRequest("invalid_value", `Item with id '${id}' already exists.`, "item.id", eventId),
    );
    return;
  }
  if (raw.type === "function_call_output") {
    const hasCall = host.conversation
      .list()
      .some((s) => s.item.type === "function_call" && s.item.call_id === raw.call_id);
    if (!hasCall) {
      host.sendError(
        invalidRequest(
          "invalid_value",
          `No tool call found for function call output with call_id '${String(raw.call_id)}'.`,
          "item.call_id",
          eventId,
        ),
      );
      return;
    }
  }
  const audio = new Map<number, Buffer>();
  if (Array.isArray(raw.content)) {
    raw.content.forEach((part, index) => {
      if (!isObject(part) || part.type !== "input_audio") return;
      if (typeof part.audio === "string") audio.set(index, Buffer.from(part.audio, "base64"));
      delete part.audio;
      part.transcript ??= null;
    });
  }
  const item: JsonObject & { id: string } = { ...raw, id, status: "completed" };
  if (item.type === "function_call") item.call_id ??= makeId("call");
  const previous = ev.previous_item_id;
  const at = host.conversation.insert(
    { item, audio, format: host.inputFormat() },
    typeof previous === "string" ? previous : null,
  );
  if (!at.ok) {
    host.sendError(
      invalidRequest(
        "invalid_value",
        `Error adding item: the previous item with id '${String(previous)}' does not exist.`,
        "previous_item_id",
        eventId,
      ),
    );
    return;
  }
  host.conversation.trimAudio();
  host.emit({
    type: "conversation.item.added",
    previous_item_id: at.previousItemId,
    item: clone(item),
  });
  host.emit({
    type: "conversation.item.done",
    previous_item_id: at.previousItemId,
    item: clone(item),
  });
}

function missingItem(host: ItemHost, action: string, id: string, eventId: string | null): void {
  host.sendError(
    invalidRequest(
      "invalid_value",
      `Error ${action} item: the item with id '${id}' does not exist.`,
      "item_id",
      eventId,
    ),
  );
}

/** Handles `conversation.item.retrieve`: sends the item back with its audio. */
export function retrieveItem(host: ItemHost, id: string, eventId: string | null): void {
  const stored = host.conversation.get(id);
  if (!stored) {
    missingItem(host, "retrieving", id, eventId);
    return;
  }
  host.emit({ type: "conversation.item.retrieved", item: withAudio(stored) });
}

/** Handles `conversation.item.delete`. */
export function deleteItem(host: ItemHost, id: string, eventId: string | null): void {
  if (!host.conversation.remove(id)) {
    missingItem(host, "deleting", id, eventId);
    return;
  }
  host.emit({ type: "conversation.item.deleted", item_id: id });
}

/** Handles `conversation.item.truncate`: cuts assistant audio the user did not hear. */
export function truncateItem(host: ItemHost, ev: ClientMessage, eventId: string | null): void {
  const id = String(ev.item_id);
  const contentIndex = Number(ev.content_index);
  const endMs = Number(ev.audio_end_ms);
  const stored = host.conversation.get(id);
  if (!stored) {
    missingItem(host, "truncating", id, eventId);
    return;
  }
  const content = Array.isArray(stored.item.content) ? stored.item.content : [];
  const part = content[contentIndex];
  const audio = stored.audio.get(contentIndex);
  if (stored.audioDropped) {
    host.sendError(
      invalidRequest(
        "invalid_value",
        `The audio of item '${id}' is no longer kept: the mock keeps the newest ${MAX_KEPT_AUDIO_BYTES / 1024} KiB of conversation audio per session (and the two newest audio items whole). Truncate the item while it plays.`,
        "item_id",
        eventId,
      ),
    );
    return;
  }
  if (
    stored.item.role !== "assistant" ||
    !isObject(part) ||
    part.type !== "output_audio" ||
    !audio
  ) {
    host.sendError(
      invalidRequest(null, "Only model output audio messages can be truncated", null, eventId),
    );
    return;
  }
  const lengthMs = Math.floor(audio.length / stored.format.bytesPerMs);
  if (endMs > lengthMs) {
    host.sendError(
      invalidRequest(
        null,
        `Audio content of ${lengthMs}ms is already shorter than ${endMs}ms`,
        null,
        eventId,
      ),
    );
    return;
  }
  stored.audio.set(contentIndex, Buffer.from(audio.subarray(0, endMs * stored.format.bytesPerMs)));
  stored.truncatedMs = endMs;
  // The transcript of the unheard part is dropped, in proportion to the audio cut.
  if (typeof part.transcript === "string" && lengthMs > 0) {
    const keep = Math.round((part.transcript.length * endMs) / lengthMs);
    part.transcript = part.transcript.slice(0, keep);
  }
  host.emit({
    type: "conversation.item.truncated",
    item_id: id,
    content_index: contentIndex,
    audio_end_ms: endMs,
  });
}
