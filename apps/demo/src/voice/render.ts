import { SILENCE_DB, type TranscriptLine, type VoiceState, whoIsSpeaking } from "./state.js";

/** What the header says about the connection (fixed for a run). */
export interface ScreenInfo {
  /** e.g. "local mock server" or "OpenAI gpt-realtime". */
  backend: string;
  /** e.g. "default → default". */
  devices: string;
  /** Echo cancelling is on. */
  aec: boolean;
  voice: string;
}

/** The meters show -60 dBFS (empty) to 0 dBFS (full). */
const METER_FLOOR_DB = -60;
const METER_WIDTH = 20;
/** Eighths of a cell, for a smooth meter. */
const PARTIAL = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A level meter of `width` cells for a level in dBFS. */
export function meter(db: number, width = METER_WIDTH): string {
  const fraction = Math.min(1, Math.max(0, (db - METER_FLOOR_DB) / -METER_FLOOR_DB));
  const eighths = Math.round(fraction * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = PARTIAL[eighths % 8] ?? "";
  const bar = "█".repeat(full) + partial;
  return bar + "·".repeat(width - full - (partial === "" ? 0 : 1));
}

/** A level in dBFS as a fixed-width label ("-32 dB", " -∞ dB"). */
export function formatDb(db: number): string {
  return `${(db <= SILENCE_DB ? "-∞" : String(Math.round(db))).padStart(3)} dB`;
}

function micLabel(state: VoiceState): string {
  switch (state.mic.kind) {
    case "open":
      return "open";
    case "muted":
      return "MUTED";
    case "push-to-talk":
      return state.mic.held ? "push-to-talk: TALKING" : "push-to-talk: hold space";
  }
}

function latencyLabel(turns: readonly number[]): string {
  const last = turns[turns.length - 1];
  if (last === undefined) return "latency: no turn yet";
  const mean = Math.round(turns.reduce((a, b) => a + b, 0) / turns.length);
  return `latency: last ${last} ms · mean ${mean} ms (${turns.length} turn${turns.length === 1 ? "" : "s"})`;
}

/** Wraps `text` to `width` columns, breaking at spaces where it can. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(" ")) {
      let rest = word;
      while (rest.length > width) {
        if (line !== "") {
          out.push(line);
          line = "";
        }
        out.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
      if (line === "") line = rest;
      else if (line.length + 1 + rest.length <= width) line += ` ${rest}`;
      else {
        out.push(line);
        line = rest;
      }
    }
    out.push(line);
  }
  return out;
}

const ROLE_LABEL = { user: "you ", assistant: "echo", note: "  · " } as const;

/** One transcript entry as screen rows: label, text (wrapped), latency at the end. */
export function transcriptRows(line: TranscriptLine, width: number): string[] {
  const label = `${ROLE_LABEL[line.role]}  `;
  let text = line.text;
  if (line.role === "user" && text === "") text = line.done ? "(nothing heard)" : "…";
  if (!line.done && line.role === "assistant") text += " …";
  if (line.interrupted) text += " [interrupted]";
  if (line.latencyMs !== undefined) text += `  (${line.latencyMs} ms)`;
  const rows = wrap(text, Math.max(10, width - label.length));
  return rows.map((row, i) => (i === 0 ? label : " ".repeat(label.length)) + row);
}

/** The key help, shown by `/help` or `?`. */
export const KEY_HELP = [
  "m            mute / unmute the microphone",
  "p            push-to-talk mode on / off (then hold space to talk; a terminal has no",
  "             key-up, so talking ends ~0.2 s after the key repeat stops)",
  "Ctrl-C       interrupt the reply; when nothing is playing, leave",
  "/help        this help (Esc closes it)      /quit   leave",
];

/**
 * The whole voice screen as rows of at most `width` columns, exactly `height` of them: header,
 * meters, the latest transcript that fits, and the key bar (or the command being typed).
 */
export function renderVoice(
  state: VoiceState,
  info: ScreenInfo,
  width: number,
  height: number,
): string[] {
  const rule = "─".repeat(width);
  const speaking = whoIsSpeaking(state);
  const top = [
    `echo voice demo · ${info.backend} · voice ${info.voice} · echo cancelling ${info.aec ? "on" : "OFF"}`,
    `devices: ${info.devices}`,
    `mic  ${meter(state.inputDb)} ${formatDb(state.inputDb)}  ${micLabel(state)}`,
    `out  ${meter(state.outputDb)} ${formatDb(state.outputDb)}  speaking: ${speaking}`,
    latencyLabel(state.turns),
    rule,
  ];
  const bottom = [
    rule,
    state.notice ?? "",
    state.command !== undefined
      ? `> ${state.command}`
      : "m mute · p push-to-talk · Ctrl-C interrupt/leave · /help · /quit",
  ];
  const room = Math.max(0, height - top.length - bottom.length);
  let body: string[];
  if (state.help) body = KEY_HELP.slice();
  else {
    body = state.lines.flatMap((line) => transcriptRows(line, width));
    if (body.length === 0)
      body = ["Say something: what the microphone hears is sent to the model."];
  }
  body = body.slice(-room);
  while (body.length < room) body.push("");
  return [...top, ...body, ...bottom].slice(0, height).map((row) => clip(row, width));
}

function clip(row: string, width: number): string {
  return row.length > width ? `${row.slice(0, width - 1)}…` : row;
}

/**
 * The transcript as plain log lines, for a terminal-less run: each line once it is done
 * (`you> …`, `echo> … (640 ms)`, `· note`).
 */
export function logLine(line: TranscriptLine): string {
  const prefix = line.role === "user" ? "you> " : line.role === "assistant" ? "echo> " : "· ";
  const text = line.role === "user" && line.text === "" ? "(nothing heard)" : line.text;
  const interrupted = line.interrupted ? " [interrupted]" : "";
  const latency = line.latencyMs !== undefined ? ` (${line.latencyMs} ms)` : "";
  return `${prefix}${text}${interrupted}${latency}`;
}

/** Lines of `next` that are done and were not done in `prev`, in transcript order. */
export function newlyDone(prev: VoiceState, next: VoiceState): TranscriptLine[] {
  const before = new Map(prev.lines.map((line) => [line.id, line.done]));
  return next.lines.filter((line) => line.done && before.get(line.id) !== true);
}
