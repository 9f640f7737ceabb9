import type { ConversationItem } from "./items.js";
import type { LogProb, RealtimeResponse, TranscriptionUsage } from "./response.js";
import type { ServerSession } from "./session-config.js";

/** Fields every server event has. */
export interface ServerEventBase {
  /** The server's id of this event (`event_…`). */
  event_id: string;
}

/** An error as the server reports it. Most are not fatal; a close follows when they are. */
export interface ServerError {
  /** E.g. `"invalid_request_error"`, `"server_error"`. */
  type: string;
  /** E.g. `"invalid_value"`, `"unknown_parameter"`, `"conversation_already_has_active_response"`. */
  code?: string | null;
  /** What went wrong. */
  message: string;
  /** The offending parameter as a dotted path, e.g. `"session.bogus_field"`. */
  param?: string | null;
  /** The client `event_id` that caused it; often `null` in practice, do not rely on it. */
  event_id?: string | null;
}

/** An error. */
export interface ServerErrorEvent extends ServerEventBase {
  /** Event type. */
  type: "error";
  /** The error. */
  error: ServerError;
}

/** The first event of a session, with the default config. */
export interface SessionCreatedEvent extends ServerEventBase {
  /** Event type. */
  type: "session.created";
  /** The session. */
  session: ServerSession;
}

/** The full effective config after a `session.update`. */
export interface SessionUpdatedEvent extends ServerEventBase {
  /** Event type. */
  type: "session.updated";
  /** The session. */
  session: ServerSession;
}

/** A conversation was made (in the spec; GA servers have not been seen sending it). */
export interface ConversationCreatedEvent extends ServerEventBase {
  /** Event type. */
  type: "conversation.created";
  /** The conversation. */
  conversation: {
    /** The conversation id (`conv_…`). */
    id?: string;
    /** Always `"realtime.conversation"`. */
    object?: "realtime.conversation";
  };
}

/** An item entered the conversation (a model item arrives empty, `in_progress`). */
export interface ConversationItemAddedEvent extends ServerEventBase {
  /** Event type. */
  type: "conversation.item.added";
  /** The item before it, or `null` at the start. */
  previous_item_id?: string | null;
  /** The item (no audio bytes). */
  item: ConversationItem;
}

/** An item is final. */
export interface ConversationItemDoneEvent extends ServerEventBase {
  /** Event type. */
  type: "conversation.item.done";
  /** The item before it, or `null` at the start. */
  previous_item_id?: string | null;
  /** The item (no audio bytes). */
  item: ConversationItem;
}

/** The old name of `conversation.item.added`/`done`, still in the spec: handle it too. */
export interface ConversationItemCreatedEvent extends ServerEventBase {
  /** Event type. */
  type: "conversation.item.created";
  /** The item before it, or `null` at the start. */
  previous_item_id?: string | null;
  /** The item. */
  item: ConversationItem;
}

/** The server's copy of an item, including audio. */
export interface ConversationItemRetrievedEvent extends ServerEventBase {
  /** Event type. */
  type: "conversation.item.retrieved";
  /** The item. */
  item: ConversationItem;
}

/** An assistant audio item was truncated. */
export interface ConversationItemTruncatedEvent extends ServerEventBase {
  /** Event type. */
  type: "conversation.item.truncated";
  /** The item id. */
  item_id: string;
  /** The content part. */
  content_index: number;
  /** Where the audio now ends, in ms. */
  audio_end_ms: number;
}

/** An item was deleted. */
export interface ConversationItemDeletedEvent extends ServerEventBase {
  /** Event type. */
  type: "conversation.item.deleted";
  /** The item id. */
  item_id: string;
}

/** A piece of an input audio transcription. */
export interface InputAudioTranscriptionDeltaEvent extends ServerEventBase {
  /** Event type. */
  type: "conversation.item.input_audio_transcription.delta";
  /** The user item. */
  item_id: string;
  /** The content part. */
  content_index?: number;
  /** The new text. */
  delta?: string;
  /** Log probabilities, when included. */
  logprobs?: LogProb[] | null;
  /** Random padding real servers add. */
  obfuscation?: string;
}

/** An input audio transcription finished (before or after the response events). */
export interface InputAudioTranscriptionCompletedEvent extends ServerEventBase {
  /** Event type. */
  type: "conversation.item.input_audio_transcription.completed";
  /** The user item. */
  item_id: string;
  /** The content part. */
  content_index: number;
  /** The transcript. */
  transcript: string;
  /** Log probabilities, when included. */
  logprobs?: LogProb[] | null;
  /** Usage of the transcription. */
  usage: TranscriptionUsage;
}

/** A diarized segment of an input audio transcription. */
export interface InputAudioTranscriptionSegmentEvent extends ServerEventBase {
  /** Event type. */
  type: "conversation.item.input_audio_transcription.segment";
  /** The user item. */
  item_id: string;
  /** The content part. */
  content_index: number;
  /** The segment id. */
  id: string;
  /** The segment text. */
  text: string;
  /** The speaker label. */
  speaker: string;
  /** Start, in seconds. */
  start: number;
  /** End, in seconds. */
  end: number;
}

/** An input audio transcription failed. */
export interface InputAudioTranscriptionFailedEvent extends ServerEventBase {
  /** Event type. */
  type: "conversation.item.input_audio_transcription.failed";
  /** The user item. */
  item_id: string;
  /** The content part. */
  content_index: number;
  /** Why. */
  error: {
    /** The error type. */
    type?: string;
    /** The error code. */
    code?: string | null;
    /** What went wrong. */
    message?: string;
    /** The parameter. */
    param?: string | null;
  };
}

/** VAD heard speech start: stop playback now (barge-in). */
export interface InputAudioBufferSpeechStartedEvent extends ServerEventBase {
  /** Event type. */
  type: "input_audio_buffer.speech_started";
  /** Milliseconds into the buffer where speech started. */
  audio_start_ms: number;
  /** The id the user item will get. */
  item_id: string;
}

/** VAD heard speech stop. */
export interface InputAudioBufferSpeechStoppedEvent extends ServerEventBase {
  /** Event type. */
  type: "input_audio_buffer.speech_stopped";
  /** Milliseconds into the buffer where speech stopped. */
  audio_end_ms: number;
  /** The user item id. */
  item_id: string;
}

/** The input buffer was committed as a user item. */
export interface InputAudioBufferCommittedEvent extends ServerEventBase {
  /** Event type. */
  type: "input_audio_buffer.committed";
  /** The item before it. */
  previous_item_id?: string | null;
  /** The new user item. */
  item_id: string;
}

/** The input buffer was cleared. */
export interface InputAudioBufferClearedEvent extends ServerEventBase {
  /** Event type. */
  type: "input_audio_buffer.cleared";
}

/** The VAD idle timeout fired: the silent audio was committed and a response started. */
export interface InputAudioBufferTimeoutTriggeredEvent extends ServerEventBase {
  /** Event type. */
  type: "input_audio_buffer.timeout_triggered";
  /** Start of the committed audio, ms. */
  audio_start_ms: number;
  /** End of the committed audio, ms. */
  audio_end_ms: number;
  /** The item id. */
  item_id: string;
}

/** A DTMF key was pressed (SIP only; the spec has no `event_id` here). */
export interface InputAudioBufferDtmfEventReceivedEvent {
  /** Event type. */
  type: "input_audio_buffer.dtmf_event_received";
  /** The server's event id, if any. */
  event_id?: string;
  /** The key pressed. */
  event: string;
  /** When, in Unix seconds. */
  received_at: number;
}

/** A response started. */
export interface ResponseCreatedEvent extends ServerEventBase {
  /** Event type. */
  type: "response.created";
  /** The response (`in_progress`, no output yet). */
  response: RealtimeResponse;
}

/** A response ended (completed, cancelled, failed or incomplete). */
export interface ResponseDoneEvent extends ServerEventBase {
  /** Event type. */
  type: "response.done";
  /** The final response with output and usage. */
  response: RealtimeResponse;
}

/** A response added an output item. */
export interface ResponseOutputItemAddedEvent extends ServerEventBase {
  /** Event type. */
  type: "response.output_item.added";
  /** The response. */
  response_id: string;
  /** The index in `response.output`. */
  output_index: number;
  /** The item. */
  item: ConversationItem;
}

/** An output item is final. */
export interface ResponseOutputItemDoneEvent extends ServerEventBase {
  /** Event type. */
  type: "response.output_item.done";
  /** The response. */
  response_id: string;
  /** The index in `response.output`. */
  output_index: number;
  /** The item. */
  item: ConversationItem;
}

/** A content part in `response.content_part.*`: `type` is `"audio"` or `"text"`. */
export interface ResponseContentPart {
  /** `"audio"` or `"text"` (not `output_audio`/`output_text`). */
  type: "audio" | "text";
  /** Text, for text parts. */
  text?: string;
  /** Base64 audio (usually left out). */
  audio?: string;
  /** The transcript, for audio parts. */
  transcript?: string;
}

/** The ids locating a content part of a response. */
export interface ContentPartLocation extends ServerEventBase {
  /** The response. */
  response_id: string;
  /** The item. */
  item_id: string;
  /** The index in `response.output`. */
  output_index: number;
  /** The index in the item's `content`. */
  content_index: number;
}

/** A content part was added. */
export interface ResponseContentPartAddedEvent extends ContentPartLocation {
  /** Event type. */
  type: "response.content_part.added";
  /** The part. */
  part: ResponseContentPart;
}

/** A content part is final. */
export interface ResponseContentPartDoneEvent extends ContentPartLocation {
  /** Event type. */
  type: "response.content_part.done";
  /** The part. */
  part: ResponseContentPart;
}

/** A piece of output text. */
export interface ResponseOutputTextDeltaEvent extends ContentPartLocation {
  /** Event type. */
  type: "response.output_text.delta";
  /** The new text. */
  delta: string;
  /** Random padding real servers add. */
  obfuscation?: string;
}

/** The output text is final. */
export interface ResponseOutputTextDoneEvent extends ContentPartLocation {
  /** Event type. */
  type: "response.output_text.done";
  /** The whole text. */
  text: string;
}

/** A chunk of output audio (WebSocket only). */
export interface ResponseOutputAudioDeltaEvent extends ContentPartLocation {
  /** Event type. */
  type: "response.output_audio.delta";
  /** Base64 audio in the session's output format. */
  delta: string;
  /** Random padding real servers add. */
  obfuscation?: string;
}

/** The output audio is complete. */
export interface ResponseOutputAudioDoneEvent extends ContentPartLocation {
  /** Event type. */
  type: "response.output_audio.done";
}

/** A piece of the output audio transcript. */
export interface ResponseOutputAudioTranscriptDeltaEvent extends ContentPartLocation {
  /** Event type. */
  type: "response.output_audio_transcript.delta";
  /** The new text. */
  delta: string;
  /** Random padding real servers add. */
  obfuscation?: string;
}

/** The output audio transcript is final. */
export interface ResponseOutputAudioTranscriptDoneEvent extends ContentPartLocation {
  /** Event type. */
  type: "response.output_audio_transcript.done";
  /** The whole transcript. */
  transcript: string;
}

/** A piece of function call arguments. */
export interface ResponseFunctionCallArgumentsDeltaEvent extends ServerEventBase {
  /** Event type. */
  type: "response.function_call_arguments.delta";
  /** The response. */
  response_id: string;
  /** The function call item. */
  item_id: string;
  /** The index in `response.output`. */
  output_index: number;
  /** The call id. */
  call_id: string;
  /** The new JSON text. */
  delta: string;
  /** Random padding real servers add. */
  obfuscation?: string;
}

/** The function call arguments are final: run the tool. */
export interface ResponseFunctionCallArgumentsDoneEvent extends ServerEventBase {
  /** Event type. */
  type: "response.function_call_arguments.done";
  /** The response. */
  response_id: string;
  /** The function call item. */
  item_id: string;
  /** The index in `response.output`. */
  output_index: number;
  /** The call id to answer with `function_call_output`. */
  call_id: string;
  /** The function name. */
  name: string;
  /** The arguments as a JSON string. */
  arguments: string;
}

/** A piece of MCP call arguments. */
export interface ResponseMcpCallArgumentsDeltaEvent extends ServerEventBase {
  /** Event type. */
  type: "response.mcp_call_arguments.delta";
  /** The response. */
  response_id: string;
  /** The MCP call item. */
  item_id: string;
  /** The index in `response.output`. */
  output_index: number;
  /** The new JSON text. */
  delta: string;
  /** Random padding real servers add. */
  obfuscation?: string | null;
}

/** The MCP call arguments are final. */
export interface ResponseMcpCallArgumentsDoneEvent extends ServerEventBase {
  /** Event type. */
  type: "response.mcp_call_arguments.done";
  /** The response. */
  response_id: string;
  /** The MCP call item. */
  item_id: string;
  /** The index in `response.output`. */
  output_index: number;
  /** The arguments as a JSON string. */
  arguments: string;
}

/** Fields of the MCP call progress events. */
export interface McpCallProgress extends ServerEventBase {
  /** The index in `response.output`. */
  output_index: number;
  /** The MCP call item. */
  item_id: string;
}

/** An MCP call started. */
export interface ResponseMcpCallInProgressEvent extends McpCallProgress {
  /** Event type. */
  type: "response.mcp_call.in_progress";
}

/** An MCP call completed. */
export interface ResponseMcpCallCompletedEvent extends McpCallProgress {
  /** Event type. */
  type: "response.mcp_call.completed";
}

/** An MCP call failed. */
export interface ResponseMcpCallFailedEvent extends McpCallProgress {
  /** Event type. */
  type: "response.mcp_call.failed";
}

/** The server started listing an MCP server's tools. */
export interface McpListToolsInProgressEvent extends ServerEventBase {
  /** Event type. */
  type: "mcp_list_tools.in_progress";
  /** The `mcp_list_tools` item. */
  item_id: string;
}

/** The server listed an MCP server's tools. */
export interface McpListToolsCompletedEvent extends ServerEventBase {
  /** Event type. */
  type: "mcp_list_tools.completed";
  /** The `mcp_list_tools` item. */
  item_id: string;
}

/** Listing an MCP server's tools failed. */
export interface McpListToolsFailedEvent extends ServerEventBase {
  /** Event type. */
  type: "mcp_list_tools.failed";
  /** The `mcp_list_tools` item. */
  item_id: string;
}

/** One rate limit. */
export interface RateLimit {
  /** `"requests"` or `"tokens"`. */
  name: "requests" | "tokens";
  /** The limit. */
  limit: number;
  /** What is left. */
  remaining: number;
  /** Seconds until it resets. */
  reset_seconds: number;
}

/** Rate limits changed (seen after `response.done`). */
export interface RateLimitsUpdatedEvent extends ServerEventBase {
  /** Event type. */
  type: "rate_limits.updated";
  /** The limits (GA servers often send only `tokens`). */
  rate_limits: RateLimit[];
}

/** The server started playing output audio (WebRTC/SIP only). */
export interface OutputAudioBufferStartedEvent extends ServerEventBase {
  /** Event type. */
  type: "output_audio_buffer.started";
  /** The response. */
  response_id: string;
}

/** The server finished playing output audio (WebRTC/SIP only). */
export interface OutputAudioBufferStoppedEvent extends ServerEventBase {
  /** Event type. */
  type: "output_audio_buffer.stopped";
  /** The response. */
  response_id: string;
}

/** The server's output audio buffer was cleared (WebRTC/SIP only). */
export interface OutputAudioBufferClearedEvent extends ServerEventBase {
  /** Event type. */
  type: "output_audio_buffer.cleared";
  /** The response. */
  response_id: string;
}

/** Every GA server event, discriminated on `type`. */
export type ServerEvent =
  | ServerErrorEvent
  | SessionCreatedEvent
  | SessionUpdatedEvent
  | ConversationCreatedEvent
  | ConversationItemAddedEvent
  | ConversationItemDoneEvent
  | ConversationItemCreatedEvent
  | ConversationItemRetrievedEvent
  | ConversationItemTruncatedEvent
  | ConversationItemDeletedEvent
  | InputAudioTranscriptionDeltaEvent
  | InputAudioTranscriptionCompletedEvent
  | InputAudioTranscriptionSegmentEvent
  | InputAudioTranscriptionFailedEvent
  | InputAudioBufferSpeechStartedEvent
  | InputAudioBufferSpeechStoppedEvent
  | InputAudioBufferCommittedEvent
  | InputAudioBufferClearedEvent
  | InputAudioBufferTimeoutTriggeredEvent
  | InputAudioBufferDtmfEventReceivedEvent
  | ResponseCreatedEvent
  | ResponseDoneEvent
  | ResponseOutputItemAddedEvent
  | ResponseOutputItemDoneEvent
  | ResponseContentPartAddedEvent
  | ResponseContentPartDoneEvent
  | ResponseOutputTextDeltaEvent
  | ResponseOutputTextDoneEvent
  | ResponseOutputAudioDeltaEvent
  | ResponseOutputAudioDoneEvent
  | ResponseOutputAudioTranscriptDeltaEvent
  | ResponseOutputAudioTranscriptDoneEvent
  | ResponseFunctionCallArgumentsDeltaEvent
  | ResponseFunctionCallArgumentsDoneEvent
  | ResponseMcpCallArgumentsDeltaEvent
  | ResponseMcpCallArgumentsDoneEvent
  | ResponseMcpCallInProgressEvent
  | ResponseMcpCallCompletedEvent
  | ResponseMcpCallFailedEvent
  | McpListToolsInProgressEvent
  | McpListToolsCompletedEvent
  | McpListToolsFailedEvent
  | RateLimitsUpdatedEvent
  | OutputAudioBufferStartedEvent
  | OutputAudioBufferStoppedEvent
  | OutputAudioBufferClearedEvent;

/** The `type` of any known server event. */
export type ServerEventType = ServerEvent["type"];

/** The server event with the given `type`, e.g. `ServerEventOf<"response.done">`. */
export type ServerEventOf<T extends ServerEventType> = Extract<ServerEvent, { type: T }>;
