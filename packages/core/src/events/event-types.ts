import type { ClientEvent, ClientEventType } from "./client.js";
import type { LocalEvent } from "./local.js";
import type { ServerEvent, ServerEventType } from "./server.js";
import type { UnknownServerEvent } from "./unknown.js";

/** Every event a Session yields: known server events, local events and unknown server events. */
export type SessionEvent = ServerEvent | LocalEvent | UnknownServerEvent;

// Records keyed by the union make the compiler check that each list is complete.
const clientTypes: { readonly [K in ClientEventType]: true } = {
  "session.update": true,
  "input_audio_buffer.append": true,
  "input_audio_buffer.commit": true,
  "input_audio_buffer.clear": true,
  "conversation.item.create": true,
  "conversation.item.retrieve": true,
  "conversation.item.truncate": true,
  "conversation.item.delete": true,
  "response.create": true,
  "response.cancel": true,
  "output_audio_buffer.clear": true,
};

const serverTypes: { readonly [K in ServerEventType]: true } = {
  error: true,
  "session.created": true,
  "session.updated": true,
  "conversation.created": true,
  "conversation.item.added": true,
  "conversation.item.done": true,
  "conversation.item.created": true,
  "conversation.item.retrieved": true,
  "conversation.item.truncated": true,
  "conversation.item.deleted": true,
  "conversation.item.input_audio_transcription.delta": true,
  "conversation.item.input_audio_transcription.completed": true,
  "conversation.item.input_audio_transcription.segment": true,
  "conversation.item.input_audio_transcription.failed": true,
  "input_audio_buffer.speech_started": true,
  "input_audio_buffer.speech_stopped": true,
  "input_audio_buffer.committed": true,
  "input_audio_buffer.cleared": true,
  "input_audio_buffer.timeout_triggered": true,
  "input_audio_buffer.dtmf_event_received": true,
  "response.created": true,
  "response.done": true,
  "response.output_item.added": true,
  "response.output_item.done": true,
  "response.content_part.added": true,
  "response.content_part.done": true,
  "response.output_text.delta": true,
  "response.output_text.done": true,
  "response.output_audio.delta": true,
  "response.output_audio.done": true,
  "response.output_audio_transcript.delta": true,
  "response.output_audio_transcript.done": true,
  "response.function_call_arguments.delta": true,
  "response.function_call_arguments.done": true,
  "response.mcp_call_arguments.delta": true,
  "response.mcp_call_arguments.done": true,
  "response.mcp_call.in_progress": true,
  "response.mcp_call.completed": true,
  "response.mcp_call.failed": true,
  "mcp_list_tools.in_progress": true,
  "mcp_list_tools.completed": true,
  "mcp_list_tools.failed": true,
  "rate_limits.updated": true,
  "output_audio_buffer.started": true,
  "output_audio_buffer.stopped": true,
  "output_audio_buffer.cleared": true,
};

/** Every GA client event type. */
export const clientEventTypes = Object.freeze(
  Object.keys(clientTypes),
) as readonly ClientEventType[];

/** Every GA server event type this version knows. */
export const serverEventTypes = Object.freeze(
  Object.keys(serverTypes),
) as readonly ServerEventType[];

/** Whether `type` names a GA client event. */
export function isClientEventType(type: unknown): type is ClientEventType {
  return typeof type === "string" && Object.hasOwn(clientTypes, type);
}

/** Whether `type` names a GA server event this version knows. */
export function isServerEventType(type: unknown): type is ServerEventType {
  return typeof type === "string" && Object.hasOwn(serverTypes, type);
}

/** Whether a session event is a known server event (not local, not unknown). */
export function isKnownServerEvent(event: SessionEvent | ClientEvent): event is ServerEvent {
  return isServerEventType(event.type);
}
