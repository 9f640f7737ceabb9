import { logLine, newlyDone, renderVoice, type ScreenInfo } from "./render.js";
import { initialVoiceState, type VoiceState } from "./state.js";

/** Where the voice chat's state is shown. */
export interface Screen {
  /** Shows a new state. */
  show(state: VoiceState): void;
  /** Restores the terminal; what should stay visible is printed. */
  close(): void;
}

/** A terminal `stdout` as the screen needs it. */
export interface TerminalOut {
  write(text: string): unknown;
  readonly columns?: number;
  readonly rows?: number;
  on?(event: "resize", listener: () => void): unknown;
  off?(event: "resize", listener: () => void): unknown;
}

const ALT_SCREEN_ON = "\x1b[?1049h\x1b[?25l";
const ALT_SCREEN_OFF = "\x1b[?25h\x1b[?1049l";
const HOME = "\x1b[H";
const CLEAR_LINE = "\x1b[K";
const CLEAR_BELOW = "\x1b[J";

/**
 * The full-screen view in a terminal: the whole screen is redrawn at most every `frameMs` (on
 * the alternate screen, so the shell's scrollback is untouched); on close the transcript is
 * printed to the normal screen, so it stays.
 */
export function terminalScreen(out: TerminalOut, info: ScreenInfo, frameMs = 50): Screen {
  let state = initialVoiceState();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const draw = () => {
    timer = undefined;
    if (closed) return;
    // A pty without a size (e.g. under `script`) reports 0 x 0: draw 80 x 24 then.
    const rows = renderVoice(state, info, out.columns || 80, out.rows || 24);
    out.write(HOME + rows.join(`${CLEAR_LINE}\r\n`) + CLEAR_LINE + CLEAR_BELOW);
  };
  const schedule = () => {
    timer ??= setTimeout(draw, frameMs);
  };
  out.write(ALT_SCREEN_ON);
  out.on?.("resize", schedule);
  draw();
  return {
    show(next) {
      state = next;
      schedule();
    },
    close() {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      out.off?.("resize", schedule);
      out.write(ALT_SCREEN_OFF);
      for (const line of state.lines) out.write(`${logLine(line)}\n`);
    },
  };
}

/**
 * The view without a terminal (stdout piped): each transcript line once it is done, and each
 * new notice, as plain lines.
 */
export function logScreen(write: (text: string) => void): Screen {
  let shown = initialVoiceState();
  return {
    show(state) {
      for (const line of newlyDone(shown, state)) write(`${logLine(line)}\n`);
      if (state.notice !== undefined && state.notice !== shown.notice) write(`· ${state.notice}\n`);
      shown = state;
    },
    close() {},
  };
}
