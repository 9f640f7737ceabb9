import { redactString } from "@echo/core";
import { apiKeyOf, baseUrlOf, callsUrlOf, type SecretBackend } from "./backend.js";
import { DEMO_SESSION, SECRET_TTL_SECONDS } from "./session-config.js";

/** What the page gets from `POST /api/call`: a short-lived secret and where to post its offer. */
export interface CallTicket {
  /** An ephemeral `ek_…` client secret (never the server's key). */
  clientSecret: string;
  /** Unix seconds after which the secret no longer starts a call. */
  expiresAt: number;
  /** The `/v1/realtime/calls` URL the browser posts its SDP offer to. */
  callsUrl: string;
  /** `"mock"` or `"openai"`, shown on the page. */
  backend: SecretBackend["kind"];
}

/** Minting failed upstream; `status` is the upstream HTTP status, `message` its error message. */
export class TicketError extends Error {
  override readonly name = "TicketError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Mints a client secret on the backend (`POST /v1/realtime/client_secrets`) for one browser call. */
export async function mintTicket(backend: SecretBackend): Promise<CallTicket> {
  let res: Response;
  try {
    res = await fetch(`${baseUrlOf(backend)}/v1/realtime/client_secrets`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${apiKeyOf(backend)}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({
        expires_after: { anchor: "created_at", seconds: SECRET_TTL_SECONDS },
        session: DEMO_SESSION,
      }),
    });
  } catch (e) {
    throw new TicketError(`could not reach ${baseUrlOf(backend)}: ${(e as Error).message}`, 502);
  }
  const body = (await res.json().catch(() => null)) as {
    value?: unknown;
    expires_at?: unknown;
    error?: { message?: unknown };
  } | null;
  if (!res.ok || typeof body?.value !== "string") {
    const why = typeof body?.error?.message === "string" ? body.error.message : res.statusText;
    throw new TicketError(
      `minting a client secret failed (HTTP ${res.status}): ${redactString(why)}`,
      res.status,
    );
  }
  return {
    clientSecret: body.value,
    expiresAt: typeof body.expires_at === "number" ? body.expires_at : 0,
    callsUrl: callsUrlOf(backend),
    backend: backend.kind,
  };
}
