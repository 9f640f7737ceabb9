import type {
  AudioFormat,
  AudioTranscription,
  Include,
  MaxOutputTokens,
  NoiseReduction,
  OutputModalities,
  OutputModality,
  Prompt,
  Reasoning,
  Tool,
  ToolChoice,
  Tracing,
  Truncation,
  TurnDetection,
  Voice,
} from "./common.js";

/** Input audio settings (`session.audio.input`). */
export interface AudioInputConfig {
  /** The format of appended audio (default PCM16 24 kHz). */
  format?: AudioFormat;
  /** Input transcription; `null` turns it off (the default). */
  transcription?: AudioTranscription | null;
  /** Noise reduction; `null` turns it off (the default). */
  noise_reduction?: NoiseReduction | null;
  /** Voice activity detection; `null` turns it off (commit and `response.create` by hand). */
  turn_detection?: TurnDetection | null;
}

/** Output audio settings (`session.audio.output`). */
export interface AudioOutputConfig {
  /** The format of `response.output_audio.delta` audio (default PCM16 24 kHz). */
  format?: AudioFormat;
  /** The voice; can only change before the first audio output. */
  voice?: Voice;
  /** Speaking speed, 0.25–1.5 (default 1.0); changes only between turns. */
  speed?: number;
}

/** Audio settings of a speech-to-speech session. */
export interface RealtimeAudioConfig {
  /** What the client sends. */
  input?: AudioInputConfig;
  /** What the model says. */
  output?: AudioOutputConfig;
}

/**
 * The config of a speech-to-speech session (`session.type = "realtime"`), as sent in
 * `session.update`. Only the fields sent change; clear text with `""`, a list with `[]`.
 */
export interface RealtimeSessionConfig {
  /** Discriminator: a speech-to-speech session. Required. */
  type: "realtime";
  /** The model; set by the URL or the client secret and cannot change. */
  model?: string;
  /** System instructions. */
  instructions?: string;
  /** `["audio"]` (default; audio always comes with a transcript) or `["text"]`. */
  output_modalities?: OutputModalities;
  /** Input and output audio settings. */
  audio?: RealtimeAudioConfig;
  /** Tools the model may call. */
  tools?: Tool[];
  /** How the model chooses tools (default `"auto"`). */
  tool_choice?: ToolChoice;
  /** Allow several tool calls at once (reasoning models only). */
  parallel_tool_calls?: boolean;
  /** Reasoning settings (reasoning models only). */
  reasoning?: Reasoning;
  /** Output token limit per response: 1–4096 or `"inf"`. */
  max_output_tokens?: MaxOutputTokens;
  /** Context overflow handling. */
  truncation?: Truncation;
  /** Tracing; `null` is off. Cannot change once on. */
  tracing?: Tracing | null;
  /** A stored prompt template; `null` removes it. */
  prompt?: Prompt | null;
  /** Extra data to include in server events. */
  include?: Include[];
}

/** Input audio settings of a transcription session: the same fields as a realtime session. */
export type TranscriptionAudioInputConfig = AudioInputConfig;

/** Audio settings of a transcription-only session (input only). */
export interface TranscriptionAudioConfig {
  /** What the client sends. */
  input?: TranscriptionAudioInputConfig;
}

/** The config of a transcription-only session (`?intent=transcription`, `type = "transcription"`). */
export interface TranscriptionSessionConfig {
  /** Discriminator: a transcription-only session. Required. */
  type: "transcription";
  /** Input audio settings. */
  audio?: TranscriptionAudioConfig;
  /** Extra data to include in server events. */
  include?: Include[];
}

/** Any session config a client may send, discriminated on `type`. */
export type SessionConfig = RealtimeSessionConfig | TranscriptionSessionConfig;

/** The effective speech-to-speech session the server reports in `session.created`/`updated`. */
export interface RealtimeSession extends Omit<RealtimeSessionConfig, "output_modalities"> {
  /** The session id (`sess_…`). */
  id: string;
  /** Always `"realtime.session"`. */
  object: "realtime.session";
  /** When the session ends, in Unix seconds (start + 60 min). */
  expires_at: number;
  /** The modalities in effect. */
  output_modalities?: OutputModality[];
}

/** The effective transcription session the server reports in `session.created`/`updated`. */
export interface TranscriptionSession extends TranscriptionSessionConfig {
  /** The session id (`sess_…`). */
  id: string;
  /** Always `"realtime.transcription_session"`. */
  object: "realtime.transcription_session";
  /** When the session ends, in Unix seconds. */
  expires_at: number;
}

/** A session object sent by the server, discriminated on `type`. */
export type ServerSession = RealtimeSession | TranscriptionSession;
