/** What a key press asks for. */
export type KeyAction =
  | { type: "toggle-mute" }
  | { type: "toggle-push-to-talk" }
  /** Space: held down for push-to-talk (repeats while held). */
  | { type: "talk" }
  | { type: "ctrl-c" }
  | { type: "toggle-help" }
  | { type: "close-help" }
  /** Enter on a typed command. */
  | { type: "run"; command: Command }
  /** The command line changed (`undefined`: none is being typed). */
  | { type: "edit"; text: string | undefined };

/** A typed command. */
export type Command =
  | { kind: "help" }
  | { kind: "quit" }
  | { kind: "mute" }
  | { kind: "unmute" }
  | { kind: "unknown"; text: string };

/** Parses a typed command line such as `/quit`. */
export function parseCommand(line: string): Command {
  const word = line.trim().toLowerCase();
  switch (word) {
    case "/help":
    case "/?":
      return { kind: "help" };
    case "/quit":
    case "/exit":
    case "/q":
      return { kind: "quit" };
    case "/mute":
      return { kind: "mute" };
    case "/unmute":
      return { kind: "unmute" };
    default:
      return { kind: "unknown", text: line.trim() };
  }
}

/** Matches escape sequences (arrows, function keys) that a key press may send; they are ignored. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences
const ESCAPE_SEQUENCE = /^\x1b(\[[0-9;?]*[ -/]*[@-~]|O.)/;

/**
 * Decodes what a raw-mode terminal sent (one or more key presses) into actions, given the command
 * line being typed (`undefined` when none). Letters are hotkeys; `/` starts a command line that
 * Enter runs and Esc drops.
 */
export function readKeys(
  command: string | undefined,
  data: string,
): { command: string | undefined; actions: KeyAction[] } {
  const actions: KeyAction[] = [];
  let line = command;
  let i = 0;
  while (i < data.length) {
    const rest = data.slice(i);
    const sequence = ESCAPE_SEQUENCE.exec(rest);
    if (sequence) {
      i += sequence[0].length;
      continue;
    }
    const ch = data[i] as string;
    i++;
    if (ch === "\x03") {
      actions.push({ type: "ctrl-c" });
      continue;
    }
    if (ch === "\x04") {
      actions.push({ type: "run", command: { kind: "quit" } });
      continue;
    }
    if (line !== undefined) {
      if (ch === "\r" || ch === "\n") {
        actions.push({ type: "run", command: parseCommand(line) });
        line = undefined;
      } else if (ch === "\x1b") line = undefined;
      else if (ch === "\x7f" || ch === "\b") line = line.length > 1 ? line.slice(0, -1) : undefined;
      else if (ch >= " ") line += ch;
      actions.push({ type: "edit", text: line });
      continue;
    }
    switch (ch) {
      case "/":
        line = "/";
        actions.push({ type: "edit", text: line });
        break;
      case "m":
      case "M":
        actions.push({ type: "toggle-mute" });
        break;
      case "p":
      case "P":
        actions.push({ type: "toggle-push-to-talk" });
        break;
      case " ":
        actions.push({ type: "talk" });
        break;
      case "?":
        actions.push({ type: "toggle-help" });
        break;
      case "\x1b":
        actions.push({ type: "close-help" });
        break;
      default:
        break;
    }
  }
  return { command: line, actions };
}

/** Timers as {@link PushToTalkHold} needs them (injectable for tests). */
export interface HoldTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/**
 * "Space is held" from key presses alone: a terminal sends no key-up, only the key's auto-repeat.
 * Held from the first press; released when the repeats stop: `firstRepeatMs` after the first press
 * if no repeat came (the auto-repeat delay, 250-660 ms on common systems), `releaseMs` after the
 * last repeat otherwise.
 */
export class PushToTalkHold {
  #held = false;
  #repeating = false;
  #timer: unknown;
  readonly #onChange: (held: boolean) => void;
  readonly #timers: HoldTimers;
  readonly #firstRepeatMs: number;
  readonly #releaseMs: number;

  constructor(
    onChange: (held: boolean) => void,
    options: { timers?: HoldTimers; firstRepeatMs?: number; releaseMs?: number } = {},
  ) {
    this.#onChange = onChange;
    this.#timers = options.timers ?? {
      set: (fn, ms) => setTimeout(fn, ms),
      clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    this.#firstRepeatMs = options.firstRepeatMs ?? 700;
    this.#releaseMs = options.releaseMs ?? 200;
  }

  /** Space is held now. */
  get held(): boolean {
    return this.#held;
  }

  /** A press or auto-repeat of the key. */
  press(): void {
    if (this.#timer !== undefined) this.#timers.clear(this.#timer);
    if (this.#held) this.#repeating = true;
    else {
      this.#held = true;
      this.#repeating = false;
      this.#onChange(true);
    }
    this.#timer = this.#timers.set(
      () => this.release(),
      this.#repeating ? this.#releaseMs : this.#firstRepeatMs,
    );
  }

  /** Lets go now (leaving push-to-talk mode, quitting). */
  release(): void {
    if (this.#timer !== undefined) this.#timers.clear(this.#timer);
    this.#timer = undefined;
    if (!this.#held) return;
    this.#held = false;
    this.#repeating = false;
    this.#onChange(false);
  }
}
