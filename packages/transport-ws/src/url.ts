import { InvalidTransportOptionsError } from "./errors.js";

/** The Realtime WebSocket endpoint of OpenAI. */
export const DEFAULT_URL = "wss://api.openai.com/v1/realtime";
/** The model a new session gets when none is given. */
export const DEFAULT_MODEL = "gpt-realtime";

/**
 * Builds the URL of the upgrade request: exactly one of `model` or `call_id`, as the server
 * requires. The key never goes in the URL.
 */
export function realtimeUrl(options: { url?: string; model?: string; callId?: string }): string {
  if (options.callId !== undefined && options.model !== undefined) {
    throw new InvalidTransportOptionsError(
      "Pass either `model` (a new session) or `callId` (attach to an existing call), not both.",
    );
  }
  let url: URL;
  try {
    url = new URL(options.url ?? DEFAULT_URL);
  } catch {
    throw new InvalidTransportOptionsError(
      "`url` is not a valid URL; pass e.g. wss://api.openai.com/v1/realtime or the mock server's `url`.",
    );
  }
  if (url.protocol === "http:") url.protocol = "ws:";
  else if (url.protocol === "https:") url.protocol = "wss:";
  if (url.protocol !== "ws:" && url.protocol !== "wss:") {
    throw new InvalidTransportOptionsError(
      `\`url\` must start with ws:// or wss:// (got ${url.protocol}//).`,
    );
  }
  if (options.callId !== undefined) {
    url.searchParams.delete("model");
    url.searchParams.set("call_id", options.callId);
  } else if (!url.searchParams.has("call_id") && !url.searchParams.has("intent")) {
    url.searchParams.set("model", options.model ?? DEFAULT_MODEL);
  }
  return url.toString();
}
