import { createInterface } from "node:readline";
import type { Session, Voice } from "@echo/core";
import type { ChatEnd } from "./chat.js";
import type { VoiceAudio } from "./voice/audio.js";
import { parseCommand, readKeys } from "./voice/keys.js";
import type { ScreenInfo } from "./voice/render.js";
import { logScreen, type Screen, terminalScreen } from "./voice/screen.js";
import { startVoiceChat } from "./voice/voice-chat.js";

/**
 * The voice chat on this process's terminal. In a terminal: the full screen, keys in raw mode.
 * Piped: transcript lines on stdout, commands (`/mute`, `/quit`...) read from stdin, SIGINT as
 * Ctrl-C; the end of stdin leaves.
 */
export async function runVoiceChat(
  session: Session,
  audio: VoiceAudio,
  options: Omit<ScreenInfo, "voice"> & { voice: Voice | undefined },
): Promise<ChatEnd> {
  const { voice, ...rest } = options;
  const info: ScreenInfo = {
    ...rest,
    voice: voice === undefined ? "alloy" : typeof voice === "string" ? voice : voice.id,
  };
  const tty = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const screen: Screen = tty
    ? terminalScreen(process.stdout, info)
    : logScreen((text) => process.stdout.write(text));
  const chat = startVoiceChat(session, audio, {
    ...(voice !== undefined ? { voice } : {}),
    show: (state) => screen.show(state),
  });

  let detach: () => void;
  if (tty) {
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    const onData = (data: string) => {
      const { actions } = readKeys(chat.state.command, data);
      for (const action of actions) chat.handle(action);
    };
    stdin.on("data", onData);
    stdin.resume();
    detach = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
    };
  } else {
    const rl = createInterface({ input: process.stdin, terminal: false });
    rl.on("line", (line) => {
      if (line.trim() === "") return;
      chat.handle({ type: "run", command: parseCommand(line) });
    });
    rl.on("close", () => chat.handle({ type: "run", command: { kind: "quit" } }));
    const onSigint = () => chat.handle({ type: "ctrl-c" });
    process.on("SIGINT", onSigint);
    detach = () => {
      process.off("SIGINT", onSigint);
      rl.close();
    };
  }
  try {
    return await chat.done;
  } finally {
    detach();
    screen.close();
  }
}
