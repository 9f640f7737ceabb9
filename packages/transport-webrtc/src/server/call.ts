import { MalformedSdpAnswerError } from "../errors.js";
import { callIdFromLocation, hangupUrl, looksLikeSdp, request } from "../http.js";
import { apiUrl, standardKey } from "./client-secret.js";

/** Options of {@link createCall}. */
export interface CreateCallOptions {
  /** The browser's SDP offer. */
  sdp: string;
  /** The session config (`{ type: "realtime", model: "gpt-realtime", instructions, ... }`). */
  session?: Record<string, unknown>;
  /** A standard API key (`sk-…`). Default `process.env.OPENAI_API_KEY`. Never logged. */
  apiKey?: string;
  /** API origin. Default `https://api.openai.com`. */
  baseUrl?: string;
  /** The `fetch` to use. */
  fetch?: typeof fetch;
  /** Aborts the request. */
  signal?: AbortSignal;
  /** Request timeout in ms. Default 15 000. */
  timeoutMs?: number;
}

/** The answer to a call. */
export interface CallAnswer {
  /** The SDP answer: send it back to the browser for `setRemoteDescription`. */
  sdp: string;
  /** The call id from `Location` (`rtc_…`), for a sideband socket and hangup. */
  callId: string | undefined;
}

/**
 * The "unified interface": your server forwards the browser's offer to
 * `POST {baseUrl}/v1/realtime/calls` as `multipart/form-data` (`sdp` + `session`) with its
 * standard key, and returns the answer and call id. Rejects like `createClientSecret`.
 */
export async function createCall(options: CreateCallOptions): Promise<CallAnswer> {
  const key = standardKey(options.apiKey);
  const form = new FormData();
  form.set("sdp", new Blob([options.sdp], { type: "application/sdp" }));
  form.set(
    "session",
    new Blob([JSON.stringify(options.session ?? { type: "realtime", model: "gpt-realtime" })], {
      type: "application/json",
    }),
  );
  const res = await request({
    fetch: (options.fetch ?? globalThis.fetch).bind(globalThis),
    url: apiUrl(options.baseUrl, "/v1/realtime/calls"),
    init: { method: "POST", headers: { Authorization: `Bearer ${key}` }, body: form },
    what: "The call request to /v1/realtime/calls",
    timeoutMs: options.timeoutMs ?? 15_000,
    signal: options.signal,
  });
  const sdp = await res.text();
  if (!looksLikeSdp(sdp)) {
    throw new MalformedSdpAnswerError(
      `The calls endpoint answered HTTP ${res.status} without an SDP answer; check \`baseUrl\`.`,
    );
  }
  return { sdp, callId: callIdFromLocation(res.headers.get("location")) };
}

/** Options of {@link hangupCall}. */
export interface HangupCallOptions {
  /** The call to end. */
  callId: string;
  /** A standard API key (`sk-…`). Default `process.env.OPENAI_API_KEY`. */
  apiKey?: string;
  /** API origin. Default `https://api.openai.com`. */
  baseUrl?: string;
  /** The `fetch` to use. */
  fetch?: typeof fetch;
  /** Request timeout in ms. Default 15 000. */
  timeoutMs?: number;
}

/** Ends a WebRTC (or SIP) call from your server: `POST {baseUrl}/v1/realtime/calls/{call_id}/hangup`. */
export async function hangupCall(options: HangupCallOptions): Promise<void> {
  const key = standardKey(options.apiKey);
  await request({
    fetch: (options.fetch ?? globalThis.fetch).bind(globalThis),
    url: hangupUrl(apiUrl(options.baseUrl, "/v1/realtime/calls"), options.callId),
    init: { method: "POST", headers: { Authorization: `Bearer ${key}` } },
    what: "The hangup request",
    timeoutMs: options.timeoutMs ?? 15_000,
  });
}
