import type { ClientConversationItem } from "./items.js";
import type { ResponseParams } from "./response.js";
import type { SessionConfig } from "./session-config.js";

/** Fields every client event has. */
export interface ClientEventBase {
  /** An optional id of the client's choosing (≤ 512 characters); errors may echo it. */
  event_id?: string;
}

/** Changes the session config; only the fields sent change. Answered by `session.updated`. */
export interface SessionUpdateEvent extends ClientEventBase {
  /** Event type. */
  type: "session.update";
  /** The new config; `type` is required. */
  session: SessionConfig;
}

/** Appends base64 audio (≤ 15 MiB) to the input buffer. Not acknowledged. */
export interface InputAudioBufferAppendEvent extends ClientEventBase {
  /** Event type. */
  type: "input_audio_buffer.append";
  /** Base64 audio in the session's input format. */
  audio: string;
}

/** Commits the input buffer as a user item (at least 100 ms of audio; not needed with VAD). */
export interface InputAudioBufferCommitEvent extends ClientEventBase {
  /** Event type. */
  type: "input_audio_buffer.commit";
}

/** Clears the input buffer. Answered by `input_audio_buffer.cleared`. */
export interface InputAudioBufferClearEvent extends ClientEventBase {
  /** Event type. */
  type: "input_audio_buffer.clear";
}

/** Adds an item to the conversation. Answered by `conversation.item.added` and `.done`. */
export interface ConversationItemCreateEvent extends ClientEventBase {
  /** Event type. */
  type: "conversation.item.create";
  /** Insert after this item; `"root"` inserts at the start; the end when left out. */
  previous_item_id?: string;
  /** The item. */
  item: ClientConversationItem;
}

/** Asks for the server's copy of an item (with audio). Answered by `conversation.item.retrieved`. */
export interface ConversationItemRetrieveEvent extends ClientEventBase {
  /** Event type. */
  type: "conversation.item.retrieve";
  /** The item id. */
  item_id: string;
}

/** Cuts an assistant audio item at what the user actually heard. */
export interface ConversationItemTruncateEvent extends ClientEventBase {
  /** Event type. */
  type: "conversation.item.truncate";
  /** The assistant item being played. */
  item_id: string;
  /** Its audio content part (normally 0). */
  content_index: number;
  /** Milliseconds actually played (integer ≥ 0, inclusive). */
  audio_end_ms: number;
}

/** Removes an item. Answered by `conversation.item.deleted`. */
export interface ConversationItemDeleteEvent extends ClientEventBase {
  /** Event type. */
  type: "conversation.item.delete";
  /** The item id. */
  item_id: string;
}

/** Asks the model to respond. Answered by `response.created` … `response.done`. */
export interface ResponseCreateEvent extends ClientEventBase {
  /** Event type. */
  type: "response.create";
  /** Overrides for this response. */
  response?: ResponseParams;
}

/** Cancels a response in progress. */
export interface ResponseCancelEvent extends ClientEventBase {
  /** Event type. */
  type: "response.cancel";
  /** The response; the in-progress one in the default conversation when left out. */
  response_id?: string;
}

/** Cuts off the server-side output audio (WebRTC and SIP only; send `response.cancel` first). */
export interface OutputAudioBufferClearEvent extends ClientEventBase {
  /** Event type. */
  type: "output_audio_buffer.clear";
}

/** Every GA client event, discriminated on `type`. */
export type ClientEvent =
  | SessionUpdateEvent
  | InputAudioBufferAppendEvent
  | InputAudioBufferCommitEvent
  | InputAudioBufferClearEvent
  | ConversationItemCreateEvent
  | ConversationItemRetrieveEvent
  | ConversationItemTruncateEvent
  | ConversationItemDeleteEvent
  | ResponseCreateEvent
  | ResponseCancelEvent
  | OutputAudioBufferClearEvent;

/** The `type` of any client event. */
export type ClientEventType = ClientEvent["type"];

/** The client event with the given `type`, e.g. `ClientEventOf<"session.update">`. */
export type ClientEventOf<T extends ClientEventType> = Extract<ClientEvent, { type: T }>;
