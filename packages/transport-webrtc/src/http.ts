import { RealtimeHttpError, RealtimeRequestError } from "./errors.js";

/** The parts of a JSON `{ error: {...} }` body that errors carry. */
interface ErrorBody {
  message?: string;
  type?: string;
  code?: string;
}

/** Reads `{ error: { message, type, code } }` from a failed response; tolerates any body. */
export async function readErrorBody(res: Response): Promise<ErrorBody> {
  let text: string;
  try {
    text = await res.text();
  } catch {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    const error =
      typeof parsed === "object" && parsed !== null
        ? (parsed as { error?: unknown }).error
        : undefined;
    if (typeof error !== "object" || error === null) return {};
    const e = error as Record<string, unknown>;
    const body: ErrorBody = {};
    if (typeof e.message === "string") body.message = e.message;
    if (typeof e.type === "string") body.type = e.type;
    if (typeof e.code === "string") body.code = e.code;
    return body;
  } catch {
    // Not JSON (a proxy's HTML page): quote a little of it, never the whole page.
    const snippet = text.trim().slice(0, 120);
    return snippet === "" ? {} : { message: snippet };
  }
}

/** Options of {@link request}. */
export interface RequestOptions {
  fetch: typeof fetch;
  url: string;
  init: RequestInit;
  /** What is being done, for messages: "The SDP offer to /v1/realtime/calls". */
  what: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * One REST request with a timeout and an optional abort signal. Resolves with an `ok` response;
 * rejects with `RealtimeHttpError` (status + server message), `RealtimeRequestError` (network,
 * timeout), or the signal's reason. The URL is quoted without its query; headers never are.
 */
export async function request(options: RequestOptions): Promise<Response> {
  const { signal } = options;
  if (signal?.aborted) throw signal.reason;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const onAbort = () => controller.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    let res: Response;
    try {
      res = await options.fetch(options.url, { ...options.init, signal: controller.signal });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (controller.signal.aborted) {
        throw new RealtimeRequestError(
          `${options.what} got no answer within ${options.timeoutMs} ms (${safeUrl(options.url)}). Check the URL and the network, or raise the timeout.`,
        );
      }
      throw new RealtimeRequestError(
        `${options.what} could not reach ${safeUrl(options.url)}: ${error instanceof Error ? error.message : String(error)}. Check the URL and the network.`,
        { cause: error },
      );
    }
    if (!res.ok) {
      const body = await readErrorBody(res);
      throw new RealtimeHttpError(
        options.what,
        res.status,
        body,
        res.headers.get("x-request-id") ?? undefined,
      );
    }
    return res;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

/** The URL without query or credentials, safe for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(an invalid URL)";
  }
}

/** The call id at the end of a `Location: /v1/realtime/calls/<call_id>` header. */
export function callIdFromLocation(location: string | null): string | undefined {
  if (location === null) return undefined;
  const path = location.split(/[?#]/)[0] ?? "";
  const id = path
    .split("/")
    .filter((p) => p !== "")
    .pop();
  return id === undefined || id === "calls" ? undefined : decodeURIComponent(id);
}

/** Resolves `…/calls` + `/<id>/hangup`. */
export function hangupUrl(callsUrl: string, callId: string): string {
  const base = callsUrl.split(/[?#]/)[0]?.replace(/\/+$/, "") ?? callsUrl;
  return `${base}/${encodeURIComponent(callId)}/hangup`;
}

/** Checks that an answer body looks like SDP: starts with `v=0` and has an `m=` section. */
export function looksLikeSdp(text: string): boolean {
  return /^v=0\r?\n/.test(text) && /\r?\nm=/.test(text);
}
