import { type CloseReason, describeCloseReason, type Session } from "@echo/core";

/** Where the chat reads lines and writes text. */
export interface ChatIO {
  /** The user's lines, one per message; the chat ends when this ends or on `/quit`. */
  lines: AsyncIterable<string>;
  /** Reply text as it streams in. */
  write(text: string): void;
  /** Shows the prompt before a line is read (interactive terminals only). */
  prompt?: () => void;
}

/** How a chat ended. */
export type ChatEnd = { by: "user" } | { by: "session"; reason: CloseReason };

/**
 * Runs a text chat over a session: each line becomes a user message and a `response.create`;
 * the reply's text deltas are written as they arrive, until `response.done`.
 */
export async function runChat(session: Session, io: ChatIO): Promise<ChatEnd> {
  await session.put({
    type: "session.update",
    session: {
      type: "realtime",
      output_modalities: ["text"],
      instructions: "You are a friendly assistant in a terminal chat. Keep answers short.",
    },
  });
  io.prompt?.();
  for await (const raw of io.lines) {
    const line = raw.trim();
    if (line === "/quit") return { by: "user" };
    if (line === "") {
      io.prompt?.();
      continue;
    }
    await session.put({
      type: "conversation.item.create",
      item: { type: "message", role: "user", content: [{ type: "input_text", text: line }] },
    });
    await session.put({ type: "response.create" });
    const ended = await streamReply(session, io);
    if (ended) return ended;
    io.prompt?.();
  }
  return { by: "user" };
}

/** Writes one reply as it streams; returns how the chat ended if the session closed meanwhile. */
async function streamReply(session: Session, io: ChatIO): Promise<ChatEnd | undefined> {
  io.write("echo> ");
  for await (const ev of session) {
    switch (ev.type) {
      case "response.output_text.delta":
      case "response.output_audio_transcript.delta":
        io.write(ev.delta);
        break;
      case "error":
        io.write(`\n[server error] ${ev.error.message}\n`);
        break;
      case "response.done":
        io.write("\n");
        return undefined;
      default:
        break;
    }
  }
  const reason = await session.closed;
  io.write(`\n[session ${describeCloseReason(reason)}]\n`);
  return { by: "session", reason };
}
