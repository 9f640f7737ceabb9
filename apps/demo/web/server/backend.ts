import type { MockServer } from "@echo/mock-server";

/**
 * Where the demo's client secrets (and so its calls) come from: the in-process mock server, or
 * OpenAI with the server's standard key. The key stays in this process; only `ek_…` secrets,
 * which expire, ever reach a browser.
 */
export type SecretBackend =
  | { kind: "mock"; mock: MockServer }
  | { kind: "openai"; apiKey: string; baseUrl?: string };

/** The standard key the demo mints with on the mock (any `sk-…` shape is accepted there). */
export const MOCK_STANDARD_KEY = "sk-echo-demo-local";

const OPENAI_BASE_URL = "https://api.openai.com";

/** Base URL of the REST API behind a backend (no trailing slash). */
export function baseUrlOf(backend: SecretBackend): string {
  return backend.kind === "mock"
    ? backend.mock.httpUrl
    : (backend.baseUrl ?? OPENAI_BASE_URL).replace(/\/+$/, "");
}

/** The standard key of a backend. */
export function apiKeyOf(backend: SecretBackend): string {
  return backend.kind === "mock" ? MOCK_STANDARD_KEY : backend.apiKey;
}

/**
 * Where the browser posts its SDP offer: OpenAI's `/v1/realtime/calls`, or for the mock the
 * demo server's own origin, which passes calls through (see calls-proxy.ts).
 */
export function callsUrlOf(backend: SecretBackend, pageOrigin: string): string {
  return `${backend.kind === "mock" ? pageOrigin : baseUrlOf(backend)}/v1/realtime/calls`;
}
