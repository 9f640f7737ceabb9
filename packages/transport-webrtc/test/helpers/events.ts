import type { Session, SessionEvent } from "@echo/core";

/** Takes every event until the session is closed and drained. */
export async function drain(session: Session): Promise<SessionEvent[]> {
  const seen: SessionEvent[] = [];
  for await (const ev of session) seen.push(ev);
  return seen;
}

/** A user text message followed by `response.create`. */
export async function askText(session: Session, text: string): Promise<void> {
  await session.put({
    type: "conversation.item.create",
    item: { type: "message", role: "user", content: [{ type: "input_text", text }] },
  });
  await session.put({ type: "response.create" });
}
