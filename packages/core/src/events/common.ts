/**
 * Building blocks shared by the session config, response params and server objects (§2.1 of the
 * protocol reference).
 */

/** PCM16, little-endian, mono, 24 kHz: the default format. `rate` may only be 24000. */
export interface PcmAudioFormat {
  /** Raw 16-bit PCM. */
  type: "audio/pcm";
  /** Sample rate in Hz; the server accepts 24000 only. */
  rate?: 24000;
}

/** G.711 μ-law, 8 kHz, one byte per sample. */
export interface PcmuAudioFormat {
  /** G.711 μ-law. */
  type: "audio/pcmu";
}

/** G.711 A-law, 8 kHz, one byte per sample. */
export interface PcmaAudioFormat {
  /** G.711 A-law. */
  type: "audio/pcma";
}

/** An audio format for input or output, discriminated on `type`. */
export type AudioFormat = PcmAudioFormat | PcmuAudioFormat | PcmaAudioFormat;

/** The built-in voice names, as the API lists them. `marin` and `cedar` are GA-only. */
export const voiceNames = Object.freeze([
  "alloy",
  "ash",
  "ballad",
  "coral",
  "echo",
  "sage",
  "shimmer",
  "verse",
  "marin",
  "cedar",
] as const);

/** The built-in voices (one of {@link voiceNames}). */
export type VoiceName = (typeof voiceNames)[number];

/** A custom voice, referenced by id (`voice_…`). */
export interface CustomVoice {
  /** The custom voice id, e.g. `"voice_1234"`. */
  id: string;
}

/** A voice: a built-in name or a custom voice. Fixed once the model has produced audio. */
export type Voice = VoiceName | CustomVoice;

/** The modality of a response: audio (always with a transcript) or text. */
export type OutputModality = "audio" | "text";

/** What a client may ask for: exactly one modality (the server rejects both at once). */
export type OutputModalities = ["audio"] | ["text"];

/** Noise reduction applied to input audio before VAD and the model. */
export interface NoiseReduction {
  /** `near_field` for headsets and close microphones, `far_field` for laptops and rooms. */
  type: "near_field" | "far_field";
  /** How much to suppress (>= 0; 1 when first enabled); left out, the current strength stays. */
  strength?: number;
}

/** Latency/accuracy trade-off of newer transcription models. */
export type TranscriptionDelay = "minimal" | "low" | "medium" | "high" | "xhigh";

/** Input audio transcription (asynchronous, runs beside the model). */
export interface AudioTranscription {
  /** The ASR model, e.g. `"whisper-1"`, `"gpt-4o-transcribe"`, `"gpt-4o-transcribe-diarize"`. */
  model?: string;
  /** The input language, ISO-639-1 (e.g. `"en"`). */
  language?: string;
  /** Several candidate languages (newer models). */
  languages?: string[];
  /** Text that guides the transcription (vocabulary, style). */
  prompt?: string;
  /** Words to bias the transcription towards (newer models). */
  keywords?: string[];
  /** Latency/accuracy trade-off (newer models). */
  delay?: TranscriptionDelay;
}

/** Server-side voice activity detection on the signal level. */
export interface ServerVadTurnDetection {
  /** Server VAD. */
  type: "server_vad";
  /** Activation threshold, 0.0–1.0 (default 0.5). Higher needs louder audio. */
  threshold?: number;
  /** Audio kept before detected speech, in ms (default 300). */
  prefix_padding_ms?: number;
  /** Silence that ends a turn, in ms (the server default is 200). */
  silence_duration_ms?: number;
  /** Start a response when a turn ends (default true). */
  create_response?: boolean;
  /** Cancel the running response when speech starts (default true). */
  interrupt_response?: boolean;
  /** After this much silence (5000–30000 ms) the server commits and responds; `null` = off. */
  idle_timeout_ms?: number | null;
}

/** How eagerly semantic VAD ends a turn; `auto` equals `medium`. */
export type SemanticVadEagerness = "low" | "medium" | "high" | "auto";

/** Voice activity detection by a model that judges whether the user has finished. */
export interface SemanticVadTurnDetection {
  /** Semantic VAD. */
  type: "semantic_vad";
  /** How eagerly to end a turn (longest waits 8 s / 4 s / 2 s for low / medium / high). */
  eagerness?: SemanticVadEagerness;
  /** Start a response when a turn ends (default true). */
  create_response?: boolean;
  /** Cancel the running response when speech starts (default true). */
  interrupt_response?: boolean;
}

/** Turn detection, discriminated on `type`. `null` in a config turns VAD off. */
export type TurnDetection = ServerVadTurnDetection | SemanticVadTurnDetection;

/** A function the model may call. */
export interface FunctionTool {
  /** A function tool. */
  type: "function";
  /** The function name the model will use in `function_call` items. */
  name: string;
  /** When and how to use the function. */
  description?: string;
  /** The arguments as a JSON Schema object. */
  parameters?: { [key: string]: unknown };
}

/** The MCP connectors OpenAI hosts. */
export type McpConnectorId =
  | "connector_dropbox"
  | "connector_gmail"
  | "connector_googlecalendar"
  | "connector_googledrive"
  | "connector_microsoftteams"
  | "connector_outlookcalendar"
  | "connector_outlookemail"
  | "connector_sharepoint";

/** A filter over an MCP server's tools. */
export interface McpToolFilter {
  /** Match only tools marked read-only (or not). */
  read_only?: boolean;
  /** Match tools by name. */
  tool_names?: string[];
}

/** Which MCP tool calls need the client's approval. */
export interface McpApprovalFilter {
  /** Tools that always need approval. */
  always?: McpToolFilter;
  /** Tools that never need approval. */
  never?: McpToolFilter;
}

/** A remote MCP server (or an OpenAI connector) whose tools the model may call (§2.4). */
export interface McpTool {
  /** An MCP tool. */
  type: "mcp";
  /** A label that identifies this server in tool calls and `tool_choice`. */
  server_label: string;
  /** The server URL (give this or `connector_id`). */
  server_url?: string;
  /** An OpenAI-hosted connector (give this or `server_url`). */
  connector_id?: McpConnectorId;
  /** An OAuth access token for the server or connector. */
  authorization?: string;
  /** Extra HTTP headers sent to the server. */
  headers?: { [key: string]: string } | null;
  /** What the server does, for the model. */
  server_description?: string;
  /** Restrict the tools the model may use. */
  allowed_tools?: string[] | McpToolFilter | null;
  /** Which calls need an `mcp_approval_response` first. */
  require_approval?: "always" | "never" | McpApprovalFilter | null;
  /** Who may call the tools: the model directly, or code it writes. */
  allowed_callers?: ("direct" | "programmatic")[] | null;
  /** Load the tool list only when the model needs it. */
  defer_loading?: boolean;
  /** A Secure MCP Tunnel that reaches a private server (instead of `server_url` or `connector_id`). */
  tunnel_id?: string;
}

/** A tool the model may use: a function or an MCP server. */
export type Tool = FunctionTool | McpTool;

/** Force a specific function. */
export interface ToolChoiceFunction {
  /** Choose a function. */
  type: "function";
  /** The function name. */
  name: string;
}

/** Force a tool of a specific MCP server. */
export interface ToolChoiceMcp {
  /** Choose an MCP tool. */
  type: "mcp";
  /** The server label. */
  server_label: string;
  /** A tool on that server; any tool when left out. */
  name?: string | null;
}

/** How the model chooses tools: a mode, or a specific function or MCP tool. */
export type ToolChoice = "auto" | "none" | "required" | ToolChoiceFunction | ToolChoiceMcp;

/** Reasoning effort of the reasoning models (e.g. `gpt-realtime-2`). */
export type ReasoningEffort = "minimal" | "low" | "medium" | "high" | "xhigh";

/** Reasoning settings (reasoning models only; default effort `low`). */
export interface Reasoning {
  /** How hard the model thinks before answering. */
  effort?: ReasoningEffort;
}

/** Output token limit: an integer 1–4096 or `"inf"` (the default). */
export type MaxOutputTokens = number | "inf";

/** Tracing settings with names for the traces dashboard. */
export interface TracingConfiguration {
  /** The workflow name. */
  workflow_name?: string;
  /** A group id to relate traces. */
  group_id?: string;
  /** Arbitrary metadata attached to the trace. */
  metadata?: { [key: string]: unknown };
}

/** Tracing: `"auto"` or a configuration; `null` (the default) is off. Cannot change once on. */
export type Tracing = "auto" | TracingConfiguration;

/** Keep a fraction of the context when it overflows. */
export interface RetentionRatioTruncation {
  /** Truncate by retention ratio. */
  type: "retention_ratio";
  /** The fraction of the context (0–1) to keep after truncation. */
  retention_ratio: number;
  /** Token limits applied after truncation. */
  token_limits?: {
    /** Tokens allowed after the instructions (integer ≥ 0). */
    post_instructions?: number;
  };
}

/** What happens when the context overflows: `auto` (default), `disabled` (an error), or a ratio. */
export type Truncation = "auto" | "disabled" | RetentionRatioTruncation;

/** Marks a content block as the end of a cached prompt prefix. */
export interface PromptCacheBreakpoint {
  /** Always `"explicit"`. */
  mode: "explicit";
  /** How long the cached prefix is kept. */
  ttl?: "30m" | "12h";
}

/** A text value for a stored prompt variable. */
export interface PromptVariableText {
  /** Text input. */
  type: "input_text";
  /** The text. */
  text: string;
  /** Ends a cached prompt prefix here. */
  prompt_cache_breakpoint?: PromptCacheBreakpoint;
}

/** An image value for a stored prompt variable: an uploaded file or an image URL. */
export interface PromptVariableImage {
  /** Image input. */
  type: "input_image";
  /** Detail level of the image. */
  detail: "auto" | "low" | "high" | "original";
  /** An uploaded file's id. */
  file_id?: string | null;
  /** A URL or base64 data URI of the image. */
  image_url?: string | null;
  /** Ends a cached prompt prefix here. */
  prompt_cache_breakpoint?: PromptCacheBreakpoint;
}

/** A file value for a stored prompt variable. */
export interface PromptVariableFile {
  /** File input. */
  type: "input_file";
  /** Detail level (for files that are images or PDFs). */
  detail?: "auto" | "low" | "high";
  /** The file's content, base64. */
  file_data?: string;
  /** An uploaded file's id. */
  file_id?: string | null;
  /** A URL of the file. */
  file_url?: string;
  /** The file's name. */
  filename?: string;
  /** Ends a cached prompt prefix here. */
  prompt_cache_breakpoint?: PromptCacheBreakpoint;
}

/** The value of one stored prompt variable. */
export type PromptVariable = string | PromptVariableText | PromptVariableImage | PromptVariableFile;

/** A stored prompt template with its variables. */
export interface Prompt {
  /** The prompt id (`pmpt_…`). */
  id: string;
  /** The version; the latest when left out. */
  version?: string | null;
  /** Values for the template's variables. */
  variables?: { [key: string]: PromptVariable } | null;
}

/** Extra data the server may add to events. */
export type Include = "item.input_audio_transcription.logprobs";

/** Free-form `metadata`: up to 16 string pairs, echoed on the response. */
export type Metadata = { [key: string]: string };
