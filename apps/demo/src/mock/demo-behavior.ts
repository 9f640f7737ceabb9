import type { Behavior, Reply, Turn, TurnItem } from "@echo/mock-server";
import { espeakVoice, type Speak } from "./speak.js";

/** What the demo's mock says first, so a new user hears the loop work before saying anything. */
export const GREETING =
  "Hello! This is the echo mock server. Say something, and I will say it back.";
/** Said before the user's own audio is played back. */
export const HEARD = "You said:";

function lastUser(input: readonly TurnItem[]): TurnItem | undefined {
  for (let i = input.length - 1; i >= 0; i--) {
    const item = input[i];
    if (item?.type === "message" && item.role === "user") return item;
  }
  return undefined;
}

/** How the demo transcribes audio without a speech recogniser: its length. */
export function describeSpeech(audio: Int16Array): string {
  return `(${(audio.length / 24_000).toFixed(1)} s of speech)`;
}

function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * The demo's mock model: greets first, then says "You said:" and plays the user's own committed
 * audio back (a person recognises their voice); typed text is read out. Lines are spoken with
 * `speak` (espeak-ng when installed; without it the mock makes speech-like sound).
 */
export function demoBehavior(speak: Speak = espeakVoice()): Behavior {
  // `spoken` is what the voice says (the transcript may say more); `after` plays after it.
  const line = (text: string, spoken = text, after?: Int16Array): Reply => {
    const voice = speak(spoken);
    if (voice === undefined && after === undefined) return [{ type: "message", text }];
    const pause = new Int16Array(24_000 * 0.15);
    const audio =
      after === undefined ? (voice as Int16Array) : concat(voice ?? pause, pause, after);
    return [{ type: "message", text, audio }];
  };
  return {
    name: "echo-demo",
    transcribe: describeSpeech,
    reply(turn: Turn): Reply {
      const user = lastUser(turn.input);
      if (user === undefined) return line(GREETING);
      if (turn.modality === "text") return [{ type: "message", text: user.text }];
      if (user.audio !== undefined && user.audio.length > 0) {
        return line(`${HEARD} ${user.text || describeSpeech(user.audio)}`, HEARD, user.audio);
      }
      return line(user.text);
    },
  };
}
