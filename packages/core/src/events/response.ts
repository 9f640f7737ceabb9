import type {
  AudioFormat,
  MaxOutputTokens,
  Metadata,
  OutputModalities,
  OutputModality,
  Prompt,
  Reasoning,
  Tool,
  ToolChoice,
  Voice,
} from "./common.js";
import type { ClientConversationItem, ConversationItem, ItemReference } from "./items.js";

/** Output audio settings for one response. */
export interface ResponseAudioConfig {
  /** Output audio. */
  output?: {
    /** The output format. */
    format?: AudioFormat;
    /** The voice (only before the session's first audio output). */
    voice?: Voice;
  };
}

/**
 * Parameters of `response.create` (§2.3): they override the session settings for this one
 * response.
 */
export interface ResponseParams {
  /** `["audio"]` or `["text"]`. */
  output_modalities?: OutputModalities;
  /** Instructions for this response. */
  instructions?: string;
  /** Output audio settings. */
  audio?: ResponseAudioConfig;
  /** Tools for this response. */
  tools?: Tool[];
  /** How the model chooses tools. */
  tool_choice?: ToolChoice;
  /** Allow several tool calls at once (reasoning models only). */
  parallel_tool_calls?: boolean;
  /** Reasoning settings (reasoning models only). */
  reasoning?: Reasoning;
  /** Output token limit: 1–4096 or `"inf"`. */
  max_output_tokens?: MaxOutputTokens;
  /** A stored prompt template. */
  prompt?: Prompt | null;
  /** String pairs echoed on the response (tell out-of-band responses apart). */
  metadata?: Metadata | null;
  /** `"auto"` writes to the default conversation; `"none"` makes an out-of-band response. */
  conversation?: "auto" | "none";
  /** A custom context instead of the default conversation; `[]` means an empty context. */
  input?: (ClientConversationItem | ItemReference)[];
}

/** The status of a response. */
export type ResponseStatus = "completed" | "cancelled" | "failed" | "incomplete" | "in_progress";

/** Why a response ended the way it did. */
export interface ResponseStatusDetails {
  /** The final status. */
  type?: "completed" | "cancelled" | "incomplete" | "failed";
  /** Why it was cancelled or is incomplete. */
  reason?: "turn_detected" | "client_cancelled" | "max_output_tokens" | "content_filter";
  /** The error, when it failed. */
  error?: {
    /** The error type. */
    type?: string;
    /** The error code. */
    code?: string;
    /** What went wrong, in words. */
    message?: string;
  };
}

/** Input token breakdown. */
export interface InputTokenDetails {
  /** Text tokens. */
  text_tokens?: number;
  /** Audio tokens. */
  audio_tokens?: number;
  /** Image tokens. */
  image_tokens?: number;
  /** Cached tokens. */
  cached_tokens?: number;
  /** Cached tokens by modality. */
  cached_tokens_details?: {
    /** Cached text tokens. */
    text_tokens?: number;
    /** Cached audio tokens. */
    audio_tokens?: number;
    /** Cached image tokens. */
    image_tokens?: number;
  };
}

/** Output token breakdown. */
export interface OutputTokenDetails {
  /** Text tokens. */
  text_tokens?: number;
  /** Audio tokens. */
  audio_tokens?: number;
}

/** Token usage of a response. */
export interface Usage {
  /** Input + output tokens. */
  total_tokens: number;
  /** Input tokens. */
  input_tokens: number;
  /** Output tokens. */
  output_tokens: number;
  /** Input breakdown. */
  input_token_details?: InputTokenDetails;
  /** Output breakdown. */
  output_token_details?: OutputTokenDetails;
}

/** A response as the server reports it in `response.created` and `response.done`. */
export interface RealtimeResponse {
  /** Always `"realtime.response"`. */
  object: "realtime.response";
  /** The response id (`resp_…`). */
  id: string;
  /** The status. */
  status: ResponseStatus;
  /** Details of the final status. */
  status_details?: ResponseStatusDetails | null;
  /** The items made (empty in `response.created`). */
  output: ConversationItem[];
  /** The conversation written to; absent or `null` for out-of-band responses. */
  conversation_id?: string | null;
  /** The modalities. */
  output_modalities?: OutputModality[];
  /** The output token limit. */
  max_output_tokens?: MaxOutputTokens;
  /** Output audio settings. */
  audio?: {
    /** Output audio. */
    output?: {
      /** The format. */
      format?: AudioFormat;
      /** The voice. */
      voice?: Voice;
    };
  };
  /** Token usage (`null` until `response.done`). */
  usage?: Usage | null;
  /** The metadata given in `response.create`. */
  metadata?: Metadata | null;
}

/** Token usage of an input transcription billed by tokens. */
export interface TranscriptionTokenUsage {
  /** Billed by tokens. */
  type: "tokens";
  /** Input tokens. */
  input_tokens: number;
  /** Output tokens. */
  output_tokens: number;
  /** Total tokens. */
  total_tokens: number;
  /** Input breakdown. */
  input_token_details?: {
    /** Text tokens. */
    text_tokens?: number;
    /** Audio tokens. */
    audio_tokens?: number;
  };
}

/** Usage of an input transcription billed by duration. */
export interface TranscriptionDurationUsage {
  /** Billed by duration. */
  type: "duration";
  /** Seconds of audio. */
  seconds: number;
}

/** Usage of an input transcription. */
export type TranscriptionUsage = TranscriptionTokenUsage | TranscriptionDurationUsage;

/** The log probability of one transcribed token. */
export interface LogProb {
  /** The token. */
  token: string;
  /** Its UTF-8 bytes. */
  bytes: number[];
  /** Its log probability. */
  logprob: number;
}
