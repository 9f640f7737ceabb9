import { redactString } from "@echo/core";
import { createClientSecret, RealtimeHttpError } from "@echo/transport-webrtc/server";
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

/** Minting failed upstream (`status` is the upstream HTTP status when there was one). */
export class TicketError extends Error {
  override readonly name = "TicketError";
  constructor(
    message: string,
    readonly status: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Mints a client secret on the backend (`POST /v1/realtime/client_secrets`) for one browser call. */
export async function mintTicket(backend: SecretBackend, pageOrigin: string): Promise<CallTicket> {
  try {
    const secret = await createClientSecret({
      apiKey: apiKeyOf(backend),
      baseUrl: baseUrlOf(backend),
      session: { ...DEMO_SESSION },
      expiresAfter: SECRET_TTL_SECONDS,
    });
    return {
      clientSecret: secret.value,
      expiresAt: secret.expiresAt,
      callsUrl: callsUrlOf(backend, pageOrigin),
      backend: backend.kind,
    };
  } catch (e) {
    // The library keeps the key out of its errors; redact anyway, this text goes to a browser.
    const message = redactString(e instanceof Error ? e.message : String(e));
    throw new TicketError(message, e instanceof RealtimeHttpError ? e.status : undefined, {
      cause: e,
    });
  }
}
