#!/usr/bin/env node
import { describeCloseReason, map } from "@echo/core";
import { validate } from "@echo/schema";
import { connect, DEFAULT_MODEL } from "@echo/transport-ws";
import { HELP, parseDemoArgs } from "./args.js";
import { backendLabel, describeBackend, openBackend } from "./backend.js";
import type { ChatEnd } from "./chat.js";
import { awaitSessionCreated } from "./handshake.js";
import { runTextChat } from "./run-text.js";
import { runVoiceChat } from "./run-voice.js";
import { describeDevices, openDeviceAudio } from "./voice/device-audio.js";

const say = (line: string) => process.stderr.write(`echo demo: ${line}\n`);

// `pnpm demo`: a voice chat when an audio device is there, else (or with --text) a text chat.
// Status lines go to stderr, the conversation to stdout.
async function main(): Promise<number> {
  const args = parseDemoArgs(process.argv.slice(2));
  if (args.kind === "error") {
    say(args.message);
    return 2;
  }
  if (args.kind === "help") {
    process.stdout.write(`${HELP}\n${await describeDevices()}\n`);
    return 0;
  }
  const options = args.options;
  const backend = await openBackend(process.env, options.url);
  try {
    const session = await connect({
      apiKey: backend.apiKey,
      ...(backend.kind !== "openai" ? { url: backend.url } : {}),
      ...(options.model !== undefined ? { model: options.model } : {}),
      // Every client event is checked before it leaves, as the server would check it.
      xfIn: map(validate),
    });
    try {
      // A rejected key or model is reported now, in the server's words, before any prompt.
      const handshake = await awaitSessionCreated(session);
      if (!handshake.ok) {
        say(`the server refused the session: ${handshake.message}`);
        return 1;
      }
      let reason: string | undefined;
      if (!options.text) {
        say("opening the audio devices…");
        const opened = await openDeviceAudio({
          aec: options.aec,
          ...(options.input !== undefined ? { input: options.input } : {}),
          ...(options.output !== undefined ? { output: options.output } : {}),
        });
        if (opened.ok) {
          const { audio } = opened;
          say(
            `${describeBackend(backend)}; voice chat on ${audio.describe()}${options.aec ? "" : " without echo cancelling"}. Speak; Ctrl-C interrupts a reply, /help for keys.`,
          );
          try {
            const end = await runVoiceChat(session, audio, {
              backend: backendLabel(backend, options.model ?? DEFAULT_MODEL),
              devices: audio.describe(),
              aec: options.aec,
              voice: options.voice,
            });
            return exitCode(end);
          } finally {
            await audio.close();
          }
        }
        reason = opened.reason;
      }
      say(
        `${describeBackend(backend)}. ${reason === undefined ? "" : `Text chat: no audio device (${reason}). `}Type a line; /quit leaves.`,
      );
      return exitCode(await runTextChat(session));
    } finally {
      await session.close();
    }
  } finally {
    await backend.close();
  }
}

function exitCode(end: ChatEnd): number {
  if (end.by === "user") return 0;
  say(`the session ended: ${describeCloseReason(end.reason)}`);
  return 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    say(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
