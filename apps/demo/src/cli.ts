#!/usr/bin/env node
import { createInterface } from "node:readline";
import { map } from "@echo/core";
import { validate } from "@echo/schema";
import { connect } from "@echo/transport-ws";
import { describeBackend, openBackend } from "./backend.js";
import { runChat } from "./chat.js";

// A terminal text chat. Interactive in a terminal; with piped stdin it reads every line,
// prints each reply and exits at the end of the input, so scripts and tests can drive it.
async function main(): Promise<number> {
  const interactive = process.stdin.isTTY === true;
  const backend = await openBackend(process.env);
  process.stderr.write(`echo demo: ${describeBackend(backend)}. Type a line; /quit leaves.\n`);
  const session = await connect({
    apiKey: backend.apiKey,
    ...(backend.kind === "mock" ? { url: backend.url } : {}),
    // Every client event is checked before it leaves, as the server would check it.
    xfIn: map(validate),
  });
  // In a terminal readline echoes what is typed to stdout; piped input is read silently.
  const rl = interactive
    ? createInterface({ input: process.stdin, output: process.stdout, terminal: true })
    : createInterface({ input: process.stdin, terminal: false });
  // Ctrl-C ends the chat like /quit (after the reply being streamed, if any).
  rl.on("SIGINT", () => rl.close());
  // Start iterating now: readline drops lines emitted before its async iterator exists, and the
  // chat awaits its session.update first, so piped input would otherwise lose its first lines.
  const iterator = rl[Symbol.asyncIterator]();
  const lines: AsyncIterable<string> = { [Symbol.asyncIterator]: () => iterator };
  try {
    const end = await runChat(session, {
      lines,
      write: (text) => process.stdout.write(text),
      ...(interactive ? { prompt: () => process.stdout.write("you> ") } : {}),
    });
    return end.by === "user" ? 0 : 1;
  } finally {
    rl.close();
    await session.close();
    await backend.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `echo demo failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
