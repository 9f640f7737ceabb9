import type { StreamEvent } from "@echo/core";

/** A line of the transcript. */
export interface TranscriptLine {
  /** The item id (user and assistant lines) or a made-up id (notes). */
  id: string;
  /** Who said it; `note` is the demo's own (errors, interruptions). */
  role: "user" | "assistant" | "note";
  /** What was said so far. */
  text: string;
  /** No more text will come. */
  done: boolean;
  /** The reply was cut off (barge-in, Ctrl-C). */
  interrupted?: boolean;
  /** Assistant lines: ms from the end of the user's speech to the reply's first audio. */
  latencyMs?: number;
}

/** What the microphone sends. */
export type MicMode =
  | { kind: "open" }
  | { kind: "muted" }
  /** Only while space is held; turns are committed by hand (no server VAD). */
  | { kind: "push-to-talk"; held: boolean };

/** Everything the voice screen shows. */
export interface VoiceState {
  /** Transcript, oldest first (bounded). */
  lines: TranscriptLine[];
  mic: MicMode;
  /** The server's VAD hears the user (between `speech_started` and `speech_stopped`). */
  userSpeaking: boolean;
  /** The speaker is playing assistant audio. */
  assistantSpeaking: boolean;
  /** A response is in progress (`response.created` .. `response.done`). */
  responding: boolean;
  /** Levels in dBFS of the last chunk (mic after echo cancelling, and speaker). */
  inputDb: number;
  outputDb: number;
  /** Wall time the user stopped speaking, until the reply's first audio. */
  endOfSpeechAt?: number;
  /** Latency of each finished turn, oldest first. */
  turns: number[];
  /** A one-line status ("interrupted", an error), shown until replaced. */
  notice?: string;
  /** The command being typed (`/…`), when one is. */
  command?: string;
  /** The key help is shown. */
  help: boolean;
}

/** Everything that changes the screen. */
export type VoiceAction =
  | { type: "server"; event: StreamEvent }
  | { type: "levels"; inputDb: number; outputDb: number; playing: boolean }
  /** The user stopped speaking at wall time `at` (from the VAD's `audio_end_ms`). */
  | { type: "speech-ended"; at: number }
  /** The first audio of assistant item `itemId` reached the speaker at wall time `at`. */
  | { type: "first-audio"; itemId: string; at: number }
  | { type: "mic"; mic: MicMode }
  | { type: "notice"; text: string | undefined }
  | { type: "note"; text: string }
  | { type: "command"; text: string | undefined }
  | { type: "help"; show: boolean }
  /** A reply the user interrupted. */
  | { type: "interrupted" };

/** Lines kept; older ones scroll away for good. */
const MAX_LINES = 200;
/** Level of silence on the meters. */
export const SILENCE_DB = -90;

/** The screen before anything happened. */
export function initialVoiceState(mic: MicMode = { kind: "open" }): VoiceState {
  return {
    lines: [],
    mic,
    userSpeaking: false,
    assistantSpeaking: false,
    responding: false,
    inputDb: SILENCE_DB,
    outputDb: SILENCE_DB,
    turns: [],
    help: false,
  };
}

let noteCount = 0;

/** The next state after `action`. Pure apart from made-up note ids; never mutates `state`. */
export function reduceVoice(state: VoiceState, action: VoiceAction): VoiceState {
  switch (action.type) {
    case "server":
      return onServerEvent(state, action.event);
    case "levels":
      return {
        ...state,
        inputDb: action.inputDb,
        outputDb: action.outputDb,
        assistantSpeaking: action.playing,
      };
    case "speech-ended":
      return { ...state, endOfSpeechAt: action.at };
    case "first-audio": {
      if (state.endOfSpeechAt === undefined) return state;
      const latencyMs = Math.max(0, Math.round(action.at - state.endOfSpeechAt));
      const { endOfSpeechAt: _, ...rest } = state;
      const withLine = upsert(rest, action.itemId, "assistant", (line) => ({ ...line, latencyMs }));
      return { ...withLine, turns: [...state.turns, latencyMs].slice(-100) };
    }
    case "mic":
      return { ...state, mic: action.mic };
    case "notice": {
      if (action.text === undefined) {
        const { notice: _, ...rest } = state;
        return rest;
      }
      return { ...state, notice: action.text };
    }
    case "note":
      return addLine(state, {
        id: `note_${++noteCount}`,
        role: "note",
        text: action.text,
        done: true,
      });
    case "command": {
      if (action.text === undefined) {
        const { command: _, ...rest } = state;
        return rest;
      }
      return { ...state, command: action.text };
    }
    case "help":
      return { ...state, help: action.show };
    case "interrupted":
      return markInterrupted(state);
  }
}

function onServerEvent(state: VoiceState, ev: StreamEvent): VoiceState {
  switch (ev.type) {
    case "input_audio_buffer.speech_started":
      // The user's line goes where they started talking, before the reply it causes.
      return { ...upsert(state, ev.item_id, "user", (l) => l), userSpeaking: true };
    case "input_audio_buffer.speech_stopped":
      return { ...state, userSpeaking: false };
    case "input_audio_buffer.committed":
      return upsert(state, ev.item_id, "user", (l) => l);
    case "conversation.item.input_audio_transcription.delta":
      return upsert(state, ev.item_id, "user", (l) => ({ ...l, text: l.text + (ev.delta ?? "") }));
    case "conversation.item.input_audio_transcription.completed":
      return upsert(state, ev.item_id, "user", (l) => ({ ...l, text: ev.transcript, done: true }));
    case "conversation.item.input_audio_transcription.failed":
      return upsert(state, ev.item_id, "user", (l) => ({
        ...l,
        text: l.text || `(not transcribed: ${ev.error.message})`,
        done: true,
      }));
    case "response.created":
      return { ...state, responding: true };
    case "response.output_audio_transcript.delta":
    case "response.output_text.delta":
      return upsert(state, ev.item_id, "assistant", (l) => ({ ...l, text: l.text + ev.delta }));
    case "response.output_audio_transcript.done":
      return upsert(state, ev.item_id, "assistant", (l) => ({ ...l, text: ev.transcript }));
    case "response.output_text.done":
      return upsert(state, ev.item_id, "assistant", (l) => ({ ...l, text: ev.text }));
    case "response.done": {
      const ids = new Set(
        (ev.response.output ?? []).map((item) => item.id).filter((id) => id !== undefined),
      );
      const cut = ev.response.status === "cancelled" || ev.response.status === "incomplete";
      const lines = state.lines.map((line) =>
        line.role === "assistant" && ids.has(line.id) && !line.done
          ? { ...line, done: true, ...(cut ? { interrupted: true } : {}) }
          : line,
      );
      return { ...state, lines, responding: false };
    }
    case "error":
      return addLine(state, {
        id: `note_${++noteCount}`,
        role: "note",
        text: `server error: ${ev.error.message}`,
        done: true,
      });
    default:
      return state;
  }
}

/** Marks the latest reply as cut off (it may be done arriving and still be playing). */
function markInterrupted(state: VoiceState): VoiceState {
  const index = state.lines.findLastIndex((line) => line.role === "assistant");
  if (index === -1) return state;
  const lines = state.lines.slice();
  lines[index] = { ...(lines[index] as TranscriptLine), interrupted: true };
  return { ...state, lines };
}

/** Updates the line of `id`, adding an empty one first when there is none. */
function upsert(
  state: VoiceState,
  id: string,
  role: "user" | "assistant",
  change: (line: TranscriptLine) => TranscriptLine,
): VoiceState {
  const index = state.lines.findIndex((line) => line.id === id);
  if (index === -1) return addLine(state, change({ id, role, text: "", done: false }));
  const lines = state.lines.slice();
  lines[index] = change(lines[index] as TranscriptLine);
  return { ...state, lines };
}

function addLine(state: VoiceState, line: TranscriptLine): VoiceState {
  return { ...state, lines: [...state.lines, line].slice(-MAX_LINES) };
}

/** Who is speaking now, for the status line. */
export function whoIsSpeaking(state: VoiceState): "you" | "assistant" | "both" | "nobody" {
  if (state.userSpeaking && state.assistantSpeaking) return "both";
  if (state.userSpeaking) return "you";
  if (state.assistantSpeaking) return "assistant";
  return "nobody";
}
