import type { IncomingMessage, ServerResponse } from "node:http";

/** Request headers a call request needs upstream (the ephemeral secret and the SDP type). */
const FORWARDED_REQUEST = ["authorization", "content-type"] as const;
/** Response headers the transport reads (the answer's type and the call id in `Location`). */
const FORWARDED_RESPONSE = ["content-type", "location", "x-request-id"] as const;
/** An SDP offer (text) is a few kilobytes; anything much larger is not one. */
const MAX_BODY = 256 * 1024;

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Passes `POST /v1/realtime/calls[/…]` through to `upstream` (the in-process mock), so the page
 * reaches the mock's calls endpoint from its own origin: the mock, unlike api.openai.com,
 * answers no CORS preflight. Statuses, bodies and headers come back unchanged.
 */
export async function proxyCall(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: string,
): Promise<void> {
  const body = await readBody(req);
  if (body === null) {
    res.writeHead(413, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: "The request body is too large." } }));
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST) {
    const value = req.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  let answer: Response;
  try {
    answer = await fetch(new URL(req.url ?? "/", upstream), { method: "POST", headers, body });
  } catch (e) {
    res.writeHead(502, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        error: { message: `The mock server is unreachable: ${(e as Error).message}` },
      }),
    );
    return;
  }
  const out: Record<string, string> = { "cache-control": "no-store" };
  for (const name of FORWARDED_RESPONSE) {
    const value = answer.headers.get(name);
    if (value !== null) out[name] = value;
  }
  res.writeHead(answer.status, out);
  res.end(Buffer.from(await answer.arrayBuffer()));
}
