import { InvalidTransportOptionsError } from "./errors.js";

/** The Realtime WebSocket endpoint of OpenAI. */
export const DEFAULT_URL = "wss://api.openai.com/v1/realtime";
/** The model a new session gets when none is given. */
export const DEFAULT_MODEL = "gpt-realtime";

/**
 * Builds the URL of the upgrade request with exactly one of `model`, `intent` or `call_id`, as
 * the server requires. The key never goes in the URL.
 */
export function realtimeUrl(options: {
  url?: string;
  model?: string | null;
  intent?: "transcription";
  callId?: string;
}): string {
  const given = [options.model, options.intent, options.callId].filter((v) => v !== undefined);
  if (given.length > 1) {
    throw new InvalidTransportOptionsError(
      'Pass only one of `model` (a new session), `intent: "transcription"` (a transcription ' +
        "session) or `callId` (attach to an existing call).",
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
  const params = url.searchParams;
  if (options.callId !== undefined) params.set("call_id", options.callId);
  else if (options.intent !== undefined) params.set("intent", options.intent);
  else if (options.model !== null && !params.has("call_id") && !params.has("intent")) {
    params.set("model", options.model ?? params.get("model") ?? DEFAULT_MODEL);
  }
  return url.toString();
}
