import type { Behavior, Reply, Turn, TurnItem } from "../behavior.js";

/** Milliseconds of made-up speech per character of text (about 15 characters a second). */
const MS_PER_CHAR = 65;

function lastUserOrTool(input: readonly TurnItem[]): TurnItem | undefined {
  for (let i = input.length - 1; i >= 0; i--) {
    const item = input[i];
    if (
      item &&
      ((item.type === "message" && item.role === "user") || item.type === "function_call_output")
    ) {
      return item;
    }
  }
  return undefined;
}

/** Describes a piece of audio by its length, as the parrot's text when there is no transcript. */
export function describeAudio(audio: Int16Array): string {
  return `(${(audio.length / 24000).toFixed(2)} s of audio)`;
}

function parrotReply(turn: Turn): Reply {
  const last = lastUserOrTool(turn.input);
  if (!last) return [{ type: "message", text: "There is nothing to repeat yet." }];
  if (last.type === "function_call_output") {
    return [{ type: "message", text: `The tool returned: ${last.text}` }];
  }
  const text = last.text !== "" ? last.text : last.audio ? describeAudio(last.audio) : "";
  if (turn.modality === "audio" && last.audio && last.audio.length > 0) {
    return [{ type: "message", text, audio: last.audio }];
  }
  return [{ type: "message", text }];
}

/**
 * The default behaviour: repeats the last user message. In text it answers with the text it got
 * (or a description of the audio); in audio it replays the user's committed audio, and for text
 * input it makes speech-like audio of about 65 ms per character.
 */
export function parrot(): Behavior {
  return {
    name: "parrot",
    reply: parrotReply,
    transcribe: describeAudio,
  };
}

/** Milliseconds of made-up speech for a text (bounded to 0.3–20 s). */
export function speechDurationMs(text: string): number {
  return Math.min(20_000, Math.max(300, text.length * MS_PER_CHAR));
}
