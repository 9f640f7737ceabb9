/** What `POST /api/call` answers (see web/server/ticket.ts). */
export interface CallTicket {
  clientSecret: string;
  expiresAt: number;
  callsUrl: string;
  backend: "mock" | "openai";
}

/** Asks the demo server for a client secret for one call; throws with the server's message. */
export async function fetchTicket(signal: AbortSignal): Promise<CallTicket> {
  const res = await fetch("/api/call", { method: "POST", signal });
  const body = (await res.json().catch(() => null)) as
    | (CallTicket & { error?: { message?: string } })
    | null;
  if (!res.ok || body === null || typeof body.clientSecret !== "string") {
    throw new Error(body?.error?.message ?? `the demo server answered HTTP ${res.status}`);
  }
  return body;
}
