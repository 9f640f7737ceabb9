import type { ClientEventType } from "@echo/core";
import * as z from "zod/mini";
import { clientConversationItem } from "./items.js";
import { base64Audio, eventId, integer, nonEmpty } from "./primitives.js";
import { responseParams } from "./response.js";
import { sessionConfig } from "./session.js";

/** `session.update`. */
export const sessionUpdate = z.strictObject({
  type: z.literal("session.update"),
  event_id: eventId,
  session: sessionConfig,
});

/** `input_audio_buffer.append`: base64 audio ≤ 15 MiB. */
export const inputAudioBufferAppend = z.strictObject({
  type: z.literal("input_audio_buffer.append"),
  event_id: eventId,
  audio: base64Audio,
});

/** `input_audio_buffer.commit`. */
export const inputAudioBufferCommit = z.strictObject({
  type: z.literal("input_audio_buffer.commit"),
  event_id: eventId,
});

/** `input_audio_buffer.clear`. */
export const inputAudioBufferClear = z.strictObject({
  type: z.literal("input_audio_buffer.clear"),
  event_id: eventId,
});

/** `conversation.item.create`. */
export const conversationItemCreate = z.strictObject({
  type: z.literal("conversation.item.create"),
  event_id: eventId,
  previous_item_id: z.optional(nonEmpty),
  item: clientConversationItem,
});

/** `conversation.item.retrieve`. */
export const conversationItemRetrieve = z.strictObject({
  type: z.literal("conversation.item.retrieve"),
  event_id: eventId,
  item_id: nonEmpty,
});

/** `conversation.item.truncate`: integer `content_index` and `audio_end_ms` ≥ 0. */
export const conversationItemTruncate = z.strictObject({
  type: z.literal("conversation.item.truncate"),
  event_id: eventId,
  item_id: nonEmpty,
  content_index: integer(0),
  audio_end_ms: integer(0),
});

/** `conversation.item.delete`. */
export const conversationItemDelete = z.strictObject({
  type: z.literal("conversation.item.delete"),
  event_id: eventId,
  item_id: nonEmpty,
});

/** `response.create`. */
export const responseCreate = z.strictObject({
  type: z.literal("response.create"),
  event_id: eventId,
  response: z.optional(responseParams),
});

/** `response.cancel`. */
export const responseCancel = z.strictObject({
  type: z.literal("response.cancel"),
  event_id: eventId,
  response_id: z.optional(nonEmpty),
});

/** `output_audio_buffer.clear` (WebRTC/SIP only). */
export const outputAudioBufferClear = z.strictObject({
  type: z.literal("output_audio_buffer.clear"),
  event_id: eventId,
});

/**
 * The schema of each GA client event, by `type`. Keyed by core's `ClientEventType`: a type
 * missing here, or one core does not know, fails to compile.
 */
export const clientEventSchemas = {
  "session.update": sessionUpdate,
  "input_audio_buffer.append": inputAudioBufferAppend,
  "input_audio_buffer.commit": inputAudioBufferCommit,
  "input_audio_buffer.clear": inputAudioBufferClear,
  "conversation.item.create": conversationItemCreate,
  "conversation.item.retrieve": conversationItemRetrieve,
  "conversation.item.truncate": conversationItemTruncate,
  "conversation.item.delete": conversationItemDelete,
  "response.create": responseCreate,
  "response.cancel": responseCancel,
  "output_audio_buffer.clear": outputAudioBufferClear,
} as const satisfies Record<ClientEventType, unknown>;

/** Every GA client event, discriminated on `type`. */
export const clientEvent = z.discriminatedUnion("type", [
  sessionUpdate,
  inputAudioBufferAppend,
  inputAudioBufferCommit,
  inputAudioBufferClear,
  conversationItemCreate,
  conversationItemRetrieve,
  conversationItemTruncate,
  conversationItemDelete,
  responseCreate,
  responseCancel,
  outputAudioBufferClear,
]);
