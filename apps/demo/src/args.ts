import { parseArgs } from "node:util";
import { type Voice, type VoiceName, voiceNames } from "@echo/core";

/** The voices the GA API accepts by name (a custom voice is `voice_…`). */
export const VOICES: readonly VoiceName[] = voiceNames;

/** What the command line asks for. */
export interface DemoOptions {
  /** `--text`: the text chat even when an audio device is there. */
  text: boolean;
  /** `--url`: a Realtime server to talk to instead of OpenAI or the in-process mock. */
  url?: string;
  /** `--model`: model of the session (default `gpt-realtime`). */
  model?: string;
  /** `--voice`: the assistant's voice (a `voice_…` id becomes a custom voice). */
  voice?: Voice;
  /** `--input`: microphone, by device id or (part of its) name. */
  input?: string;
  /** `--output`: speaker, by device id or (part of its) name. */
  output?: string;
  /** `--no-aec`: turn the echo canceller off (use headphones). */
  aec: boolean;
}

/** The command line, parsed: run, print help, or a mistake to report. */
export type ParsedArgs =
  | { kind: "run"; options: DemoOptions }
  | { kind: "help" }
  | { kind: "error"; message: string };

/** `pnpm demo --help`. */
export const HELP = `Usage: pnpm demo [options]

A voice chat in the terminal: talk, and the assistant answers aloud. Without OPENAI_API_KEY it
talks to a local mock server started in this process (it says back what you said); with the key
set it talks to OpenAI. Without an audio device it falls back to a text chat.

Options:
  --text             text chat (type lines) even when an audio device is there
  --url <ws-url>     talk to this Realtime server (e.g. a running echo-mock-server)
  --model <name>     model of the session (default gpt-realtime)
  --voice <name>     assistant voice: ${VOICES.join(", ")} (default alloy)
  --input <device>   microphone: a device id or part of its name (see the list with --help)
  --output <device>  speaker: a device id or part of its name
  --no-aec           no echo cancellation (use headphones, or the assistant hears itself)
  -h, --help         this help and the audio devices found

Keys (voice):
  m                  mute / unmute the microphone
  p                  push-to-talk mode on / off; in it, hold space to talk
  Ctrl-C             interrupt the reply; when nothing is playing, leave
  /help, /quit       type a command and press Enter
`;

/** Parses the demo's arguments (without `node` and the script). Never throws. */
export function parseDemoArgs(argv: readonly string[]): ParsedArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: "error", message: `${message}. See --help.` };
  }
  const { values } = parsed;
  if (values.help) return { kind: "help" };
  const { url, model, voice, input, output } = values;
  if (url !== undefined && !/^wss?:\/\/[^\s/]+/.test(url)) {
    return {
      kind: "error",
      message: `--url must be a ws:// or wss:// URL such as ws://127.0.0.1:8787/v1/realtime, got "${url}".`,
    };
  }
  const custom = voice !== undefined && /^voice_\w+$/.test(voice);
  if (voice !== undefined && !(VOICES as readonly string[]).includes(voice) && !custom) {
    return {
      kind: "error",
      message: `--voice "${voice}" is not a voice; use one of ${VOICES.join(", ")} (or a custom voice_… id).`,
    };
  }
  for (const [flag, value] of [
    ["--model", model],
    ["--input", input],
    ["--output", output],
  ] as const) {
    if (value !== undefined && value.trim() === "") {
      return { kind: "error", message: `${flag} needs a value. See --help.` };
    }
  }
  return {
    kind: "run",
    options: {
      text: values.text === true,
      aec: values["no-aec"] !== true,
      ...(url !== undefined ? { url } : {}),
      ...(model !== undefined ? { model } : {}),
      ...(voice !== undefined ? { voice: custom ? { id: voice } : (voice as VoiceName) } : {}),
      ...(input !== undefined ? { input } : {}),
      ...(output !== undefined ? { output } : {}),
    },
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      text: { type: "boolean" },
      url: { type: "string" },
      model: { type: "string" },
      voice: { type: "string" },
      input: { type: "string" },
      output: { type: "string" },
      "no-aec": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
