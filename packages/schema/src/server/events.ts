import type { ServerEventType } from "@echo/core";
import * as z from "zod/mini";

// Lenient on purpose: unknown keys pass (real deltas carry `obfuscation`), nested objects are
// checked only for the fields a client relies on.
const id = z.string();
const index = z.number();
const base = { event_id: id };

const item = z.looseObject({ type: z.string(), id: z.optional(z.string()) });
const session = z.looseObject({ type: z.optional(z.enum(["realtime", "transcription"])) });
const response = z.looseObject({
  id: z.string(),
  object: z.optional(z.literal("realtime.response")),
  status: z.enum(["completed", "cancelled", "failed", "incomplete", "in_progress"]),
  output: z.optional(z.array(item)),
  usage: z.optional(z.nullable(z.looseObject({}))),
});
const contentPart = z.looseObject({ type: z.enum(["audio", "text"]) });
const location = {
  ...base,
  response_id: id,
  item_id: id,
  output_index: index,
  content_index: index,
};

function event<T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S) {
  return z.looseObject({ type: z.literal(type), ...shape });
}

/**
 * The lenient schema of each GA server event, by `type`. Keyed by core's `ServerEventType`: a
 * type missing here, or one core does not know, fails to compile.
 */
export const serverEventSchemas = {
  error: event("error", {
    ...base,
    error: z.looseObject({
      type: z.string(),
      code: z.optional(z.nullable(z.string())),
      message: z.string(),
      param: z.optional(z.nullable(z.string())),
      event_id: z.optional(z.nullable(z.string())),
    }),
  }),
  "session.created": event("session.created", { ...base, session }),
  "session.updated": event("session.updated", { ...base, session }),
  "conversation.created": event("conversation.created", {
    ...base,
    conversation: z.looseObject({ id: z.optional(z.string()) }),
  }),
  "conversation.item.added": event("conversation.item.added", {
    ...base,
    previous_item_id: z.optional(z.nullable(id)),
    item,
  }),
  "conversation.item.done": event("conversation.item.done", {
    ...base,
    previous_item_id: z.optional(z.nullable(id)),
    item,
  }),
  "conversation.item.created": event("conversation.item.created", {
    ...base,
    previous_item_id: z.optional(z.nullable(id)),
    item,
  }),
  "conversation.item.retrieved": event("conversation.item.retrieved", { ...base, item }),
  "conversation.item.truncated": event("conversation.item.truncated", {
    ...base,
    item_id: id,
    content_index: index,
    audio_end_ms: index,
  }),
  "conversation.item.deleted": event("conversation.item.deleted", { ...base, item_id: id }),
  "conversation.item.input_audio_transcription.delta": event(
    "conversation.item.input_audio_transcription.delta",
    { ...base, item_id: id, content_index: z.optional(index), delta: z.optional(z.string()) },
  ),
  "conversation.item.input_audio_transcription.completed": event(
    "conversation.item.input_audio_transcription.completed",
    {
      ...base,
      item_id: id,
      content_index: index,
      transcript: z.string(),
      usage: z.optional(z.looseObject({ type: z.enum(["tokens", "duration"]) })),
    },
  ),
  "conversation.item.input_audio_transcription.segment": event(
    "conversation.item.input_audio_transcription.segment",
    {
      ...base,
      item_id: id,
      content_index: index,
      id,
      text: z.string(),
      speaker: z.string(),
      start: z.number(),
      end: z.number(),
    },
  ),
  "conversation.item.input_audio_transcription.failed": event(
    "conversation.item.input_audio_transcription.failed",
    { ...base, item_id: id, content_index: index, error: z.looseObject({}) },
  ),
  "input_audio_buffer.speech_started": event("input_audio_buffer.speech_started", {
    ...base,
    audio_start_ms: index,
    item_id: id,
  }),
  "input_audio_buffer.speech_stopped": event("input_audio_buffer.speech_stopped", {
    ...base,
    audio_end_ms: index,
    item_id: id,
  }),
  "input_audio_buffer.committed": event("input_audio_buffer.committed", {
    ...base,
    previous_item_id: z.optional(z.nullable(id)),
    item_id: id,
  }),
  "input_audio_buffer.cleared": event("input_audio_buffer.cleared", base),
  "input_audio_buffer.timeout_triggered": event("input_audio_buffer.timeout_triggered", {
    ...base,
    audio_start_ms: index,
    audio_end_ms: index,
    item_id: id,
  }),
  "input_audio_buffer.dtmf_event_received": event("input_audio_buffer.dtmf_event_received", {
    event_id: z.optional(id),
    event: z.string(),
    received_at: z.number(),
  }),
  "response.created": event("response.created", { ...base, response }),
  "response.done": event("response.done", { ...base, response }),
  "response.output_item.added": event("response.output_item.added", {
    ...base,
    response_id: id,
    output_index: index,
    item,
  }),
  "response.output_item.done": event("response.output_item.done", {
    ...base,
    response_id: id,
    output_index: index,
    item,
  }),
  "response.content_part.added": event("response.content_part.added", {
    ...location,
    part: contentPart,
  }),
  "response.content_part.done": event("response.content_part.done", {
    ...location,
    part: contentPart,
  }),
  "response.output_text.delta": event("response.output_text.delta", {
    ...location,
    delta: z.string(),
  }),
  "response.output_text.done": event("response.output_text.done", {
    ...location,
    text: z.string(),
  }),
  "response.output_audio.delta": event("response.output_audio.delta", {
    ...location,
    delta: z.string(),
  }),
  "response.output_audio.done": event("response.output_audio.done", location),
  "response.output_audio_transcript.delta": event("response.output_audio_transcript.delta", {
    ...location,
    delta: z.string(),
  }),
  "response.output_audio_transcript.done": event("response.output_audio_transcript.done", {
    ...location,
    transcript: z.string(),
  }),
  "response.function_call_arguments.delta": event("response.function_call_arguments.delta", {
    ...base,
    response_id: id,
    item_id: id,
    output_index: index,
    call_id: id,
    delta: z.string(),
  }),
  "response.function_call_arguments.done": event("response.function_call_arguments.done", {
    ...base,
    response_id: id,
    item_id: id,
    output_index: index,
    call_id: id,
    name: z.string(),
    arguments: z.string(),
  }),
  "response.mcp_call_arguments.delta": event("response.mcp_call_arguments.delta", {
    ...base,
    response_id: id,
    item_id: id,
    output_index: index,
    delta: z.string(),
  }),
  "response.mcp_call_arguments.done": event("response.mcp_call_arguments.done", {
    ...base,
    response_id: id,
    item_id: id,
    output_index: index,
    arguments: z.string(),
  }),
  "response.mcp_call.in_progress": event("response.mcp_call.in_progress", {
    ...base,
    output_index: index,
    item_id: id,
  }),
  "response.mcp_call.completed": event("response.mcp_call.completed", {
    ...base,
    output_index: index,
    item_id: id,
  }),
  "response.mcp_call.failed": event("response.mcp_call.failed", {
    ...base,
    output_index: index,
    item_id: id,
  }),
  "mcp_list_tools.in_progress": event("mcp_list_tools.in_progress", { ...base, item_id: id }),
  "mcp_list_tools.completed": event("mcp_list_tools.completed", { ...base, item_id: id }),
  "mcp_list_tools.failed": event("mcp_list_tools.failed", { ...base, item_id: id }),
  "rate_limits.updated": event("rate_limits.updated", {
    ...base,
    rate_limits: z.array(
      z.looseObject({
        name: z.string(),
        limit: z.number(),
        remaining: z.number(),
        reset_seconds: z.number(),
      }),
    ),
  }),
  "output_audio_buffer.started": event("output_audio_buffer.started", {
    ...base,
    response_id: id,
  }),
  "output_audio_buffer.stopped": event("output_audio_buffer.stopped", {
    ...base,
    response_id: id,
  }),
  "output_audio_buffer.cleared": event("output_audio_buffer.cleared", {
    ...base,
    response_id: id,
  }),
} as const satisfies Record<ServerEventType, unknown>;
