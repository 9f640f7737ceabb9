import { createInterface } from "node:readline";
import type { Session } from "@echo/core";
import { type ChatEnd, runChat } from "./chat.js";

/**
 * The text chat on this process's terminal. Interactive in a terminal; with piped stdin it reads
 * every line, prints each reply and ends at the end of the input, so scripts and tests can drive it.
 */
export async function runTextChat(session: Session): Promise<ChatEnd> {
  const interactive = process.stdin.isTTY === true;
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
    return await runChat(session, {
      lines,
      write: (text) => process.stdout.write(text),
      ...(interactive ? { prompt: () => process.stdout.write("you> ") } : {}),
    });
  } finally {
    rl.close();
  }
}
