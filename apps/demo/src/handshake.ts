import { describeCloseReason, type Session, type SessionEvent } from "@echo/core";

/** How the server answered a new session. */
export type Handshake =
  | { ok: true }
  /** Refused (a rejected key, an unknown model): the server's own message, and how it closed. */
  | { ok: false; message: string };

/**
 * Waits for the server's first event: `session.created` means the session is ready; an `error`
 * (a rejected key, an unknown model) or a close before it means it was refused, and the message
 * says so in the server's own words. Call it before showing any prompt.
 */
export async function awaitSessionCreated(session: Session<SessionEvent>): Promise<Handshake> {
  let serverMessage: string | undefined;
  for (;;) {
    const ev = await session.take();
    if (ev === undefined) break;
    if (ev.type === "session.created") return { ok: true };
    if (ev.type === "error") serverMessage = ev.error.message;
  }
  const reason = await session.closed;
  const closed = describeCloseReason(reason);
  return {
    ok: false,
    message:
      serverMessage === undefined ? `the session was ${closed}` : `${serverMessage} (${closed})`,
  };
}
