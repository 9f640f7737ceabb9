import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "@echo/core";
import { defaultRealtimeSession, defaultTranscriptionSession } from "./defaults.js";
import { makeId } from "./ids.js";
import { isObject, type JsonObject } from "./json.js";
import { findTooDeep, MAX_JSON_DEPTH } from "./json-depth.js";
import { type KeyRing, keyFromRequest } from "./keys.js";
import { parseTarget } from "./request-target.js";
import { mergeSession } from "./session-config.js";
import { checkSessionConfig } from "./validate.js";
import { tooDeep } from "./wire-error.js";

/** What the HTTP side needs from the server. */
export interface HttpContext {
  keys: KeyRing;
  models: readonly string[];
  maxSessionMs: number;
  log: Logger;
  now: () => number;
}

interface ApiError {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

function reply(res: ServerResponse, status: number, body: JsonObject): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "x-request-id": `req_${makeId("item").slice(5)}`,
  });
  res.end(text);
}

function error(res: ServerResponse, status: number, e: ApiError): void {
  reply(res, status, { error: { ...e } });
}

/** Bodies up to this size are read to the end even when refused, so the connection stays usable. */
const DRAIN_LIMIT = 16 * 1024 * 1024;

/** A request body, or why there is none. */
type Body =
  | { kind: "ok"; text: string }
  /** Over the limit; `drained` when it was read to the end (the connection can be kept alive). */
  | { kind: "too_large"; drained: boolean }
  /** The client went away before the body ended: nobody to answer. */
  | { kind: "aborted" };

/**
 * Reads a request body of at most `limit` bytes. A larger one is read to its end and dropped
 * (up to 16 MiB), so the 413 leaves a keep-alive connection usable; a still larger one is
 * refused at once and its connection closed after the response.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > DRAIN_LIMIT)
    return Promise.resolve({ kind: "too_large", drained: false });
  return new Promise((resolve, reject) => {
    let size = 0;
    const parts: Buffer[] = [];
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) parts.push(chunk);
      else parts.length = 0;
      if (size > DRAIN_LIMIT) {
        req.off("data", onData);
        req.off("end", onEnd);
        resolve({ kind: "too_large", drained: false });
      }
    };
    const onEnd = () =>
      resolve(
        size > limit
          ? { kind: "too_large", drained: true }
          : { kind: "ok", text: Buffer.concat(parts).toString("utf8") },
      );
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) resolve({ kind: "aborted" });
    });
  });
}

/** Checks the body of a client secret request; returns the error it deserves, if any. */
function checkSecretBody(body: JsonObject, models: readonly string[]): ApiError | null {
  for (const key of Object.keys(body)) {
    if (key !== "expires_after" && key !== "session") {
      return {
        message: `Unknown parameter: '${key}'.`,
        type: "invalid_request_error",
        param: key,
        code: "unknown_parameter",
      };
    }
  }
  const ea = body.expires_after;
  if (ea !== undefined) {
    if (!isObject(ea)) {
      return {
        message: "Invalid type for 'expires_after': expected an object.",
        type: "invalid_request_error",
        param: "expires_after",
        code: "invalid_type",
      };
    }
    if (ea.anchor !== undefined && ea.anchor !== "created_at") {
      return {
        message: `Invalid value: '${String(ea.anchor)}'. Supported values are: 'created_at'.`,
        type: "invalid_request_error",
        param: "expires_after.anchor",
        code: "invalid_value",
      };
    }
    const s = ea.seconds;
    if (s !== undefined) {
      if (typeof s !== "number" || !Number.isInteger(s)) {
        return {
          message: "Invalid type for 'expires_after.seconds': expected an integer.",
          type: "invalid_request_error",
          param: "expires_after.seconds",
          code: "invalid_type",
        };
      }
      if (s < 10) {
        return {
          message: `Invalid 'expires_after.seconds': integer below minimum value. Expected a value >= 10, but got ${s} instead.`,
          type: "invalid_request_error",
          param: "expires_after.seconds",
          code: "integer_below_min_value",
        };
      }
      if (s > 7200) {
        return {
          message: `Invalid 'expires_after.seconds': integer above maximum value. Expected a value <= 7200, but got ${s} instead.`,
          type: "invalid_request_error",
          param: "expires_after.seconds",
          code: "integer_above_max_value",
        };
      }
    }
  }
  if (body.session !== undefined) {
    const r = checkSessionConfig(body.session);
    if (r)
      return { message: r.message, type: "invalid_request_error", param: r.param, code: r.code };
    const s = body.session as JsonObject;
    if (s.model !== undefined && !models.includes(String(s.model))) {
      return {
        message: `The model '${String(s.model)}' does not exist or you do not have access to it.`,
        type: "invalid_request_error",
        param: "session.model",
        code: "invalid_model",
      };
    }
  }
  return null;
}

/** Handles one HTTP request: `POST /v1/realtime/client_secrets`, JSON errors for everything else. */
export async function handleHttp(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: HttpContext,
): Promise<void> {
  const url = parseTarget(req.url);
  if (!url) {
    error(res, 400, {
      message: `Invalid request target '${String(req.url).slice(0, 100)}': expected a path such as /v1/realtime/client_secrets.`,
      type: "invalid_request_error",
      param: null,
      code: "invalid_url",
    });
    return;
  }
  if (url.pathname !== "/v1/realtime/client_secrets" || req.method !== "POST") {
    error(res, 404, {
      message: `Invalid URL (${req.method ?? "GET"} ${url.pathname})`,
      type: "invalid_request_error",
      param: null,
      code: null,
    });
    return;
  }
  const key = keyFromRequest(req.headers.authorization, undefined);
  if (!key) {
    error(res, 401, {
      message:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      type: "invalid_request_error",
      param: null,
      code: null,
    });
    return;
  }
  if (!ctx.keys.acceptsStandard(key)) {
    error(res, 401, {
      message:
        "Incorrect API key provided. Client secrets can only be created with a standard API key.",
      type: "invalid_request_error",
      param: null,
      code: "invalid_api_key",
    });
    return;
  }
  const read = await readBody(req, 1024 * 1024);
  if (read.kind === "aborted") return;
  if (read.kind === "too_large") {
    // An unread rest of the body would be taken for the next request: close after this one.
    if (!read.drained) res.setHeader("connection", "close");
    error(res, 413, {
      message: "The request body is too large: client secret requests take at most 1 MiB of JSON.",
      type: "invalid_request_error",
      param: null,
      code: null,
    });
    return;
  }
  const text = read.text;
  let body: unknown = {};
  if (text.trim() !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      error(res, 400, {
        message:
          "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.",
        type: "invalid_request_error",
        param: null,
        code: "invalid_json",
      });
      return;
    }
  }
  const deep = findTooDeep(body);
  if (deep) {
    const e = tooDeep(deep.param, MAX_JSON_DEPTH);
    error(res, 400, { message: e.message, type: e.type, param: e.param, code: e.code });
    return;
  }
  if (!isObject(body)) {
    error(res, 400, {
      message: "The request body must be a JSON object.",
      type: "invalid_request_error",
      param: null,
      code: "invalid_type",
    });
    return;
  }
  const problem = checkSecretBody(body, ctx.models);
  if (problem) {
    error(res, 400, problem);
    return;
  }
  const ttl =
    isObject(body.expires_after) && typeof body.expires_after.seconds === "number"
      ? body.expires_after.seconds
      : 600;
  const requested = isObject(body.session) ? body.session : { type: "realtime" };
  const sessionExpires = Math.floor((ctx.now() + ctx.maxSessionMs) / 1000);
  const base =
    requested.type === "transcription"
      ? defaultTranscriptionSession(makeId("sess"), sessionExpires)
      : defaultRealtimeSession(
          makeId("sess"),
          String(requested.model ?? "gpt-realtime"),
          sessionExpires,
        );
  const session = mergeSession(base, requested);
  const minted = ctx.keys.mint(ttl, session);
  ctx.log({ level: "info", msg: "minted a client secret", expires_at: minted.expiresAt });
  reply(res, 200, { value: minted.value, expires_at: minted.expiresAt, session });
}
