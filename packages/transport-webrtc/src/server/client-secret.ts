import { InvalidWebRtcOptionsError } from "../errors.js";
import { request } from "../http.js";

/** The OpenAI API origin. */
export const DEFAULT_BASE_URL = "https://api.openai.com";

/** Options of {@link createClientSecret}. */
export interface CreateClientSecretOptions {
  /** A standard API key (`sk-…`). Default `process.env.OPENAI_API_KEY` in Node. Never logged or put in an error. */
  apiKey?: string;
  /** The session config the secret opens (`{ type: "realtime", model: "gpt-realtime", ... }`); the browser may still `session.update` it. */
  session?: Record<string, unknown>;
  /** Lifetime of the secret in seconds, 10-7200 (server default 600). */
  expiresAfter?: number;
  /** API origin. Default `https://api.openai.com`; the mock server's `httpUrl` for tests. */
  baseUrl?: string;
  /** The `fetch` to use. Default: the global one. */
  fetch?: typeof fetch;
  /** Aborts the request. */
  signal?: AbortSignal;
  /** Request timeout in ms. Default 15 000. */
  timeoutMs?: number;
}

/** A minted client secret. */
export interface ClientSecret {
  /** The secret (`ek_…`): hand it to the browser; it opens calls until `expiresAt`. */
  value: string;
  /** Unix seconds after which it no longer opens calls. */
  expiresAt: number;
  /** The effective session config the server reported. */
  session: Record<string, unknown>;
}

/** The key from the options or (Node) `OPENAI_API_KEY`. */
export function standardKey(apiKey: string | undefined): string {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const key = apiKey ?? env?.OPENAI_API_KEY;
  if (key === undefined || key.trim() === "") {
    throw new InvalidWebRtcOptionsError(
      "No API key: pass `apiKey` (a standard sk-… key, on your server only) or set OPENAI_API_KEY.",
    );
  }
  return key;
}

/** Joins an origin (with or without a trailing slash) and an API path. */
export function apiUrl(baseUrl: string | undefined, path: string): string {
  return `${(baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "")}${path}`;
}

/**
 * Mints an ephemeral client secret on your server: `POST {baseUrl}/v1/realtime/client_secrets`
 * with your standard key. Rejects with `RealtimeHttpError` (status, server message) or
 * `RealtimeRequestError`; the key is never logged nor put in an error.
 */
export async function createClientSecret(
  options: CreateClientSecretOptions = {},
): Promise<ClientSecret> {
  const key = standardKey(options.apiKey);
  const expiresAfter = options.expiresAfter;
  if (
    expiresAfter !== undefined &&
    (!Number.isInteger(expiresAfter) || expiresAfter < 10 || expiresAfter > 7200)
  ) {
    throw new InvalidWebRtcOptionsError(
      `expiresAfter is a whole number of seconds from 10 to 7200, got ${String(expiresAfter)}.`,
    );
  }
  const body: Record<string, unknown> = {};
  if (options.session !== undefined) body.session = options.session;
  if (expiresAfter !== undefined)
    body.expires_after = { anchor: "created_at", seconds: expiresAfter };
  const res = await request({
    fetch: (options.fetch ?? globalThis.fetch).bind(globalThis),
    url: apiUrl(options.baseUrl, "/v1/realtime/client_secrets"),
    init: {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    },
    what: "Minting a client secret (/v1/realtime/client_secrets)",
    timeoutMs: options.timeoutMs ?? 15_000,
    signal: options.signal,
  });
  const json = (await res.json()) as { value?: unknown; expires_at?: unknown; session?: unknown };
  if (typeof json.value !== "string" || typeof json.expires_at !== "number") {
    throw new InvalidWebRtcOptionsError(
      "The client_secrets answer has no `value`/`expires_at`: check that `baseUrl` points at the OpenAI API.",
    );
  }
  return {
    value: json.value,
    expiresAt: json.expires_at,
    session: (typeof json.session === "object" && json.session !== null
      ? json.session
      : {}) as Record<string, unknown>,
  };
}
