import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Deferred, deferred, type Logger } from "@echo/core";
import { RTCPeerConnection, type RTCRtpTransceiver } from "werift";
import { defaultRealtimeSession } from "../defaults.js";
import { clone, isObject, type JsonObject } from "../json.js";
import { type KeyRing, keyFromRequest } from "../keys.js";
import type { MockSession, MockSessionHandle } from "../session.js";
import { mergeSession } from "../session-config.js";
import { checkSessionConfig } from "../validate.js";
import type { SessionWire } from "../wire.js";
import type { CallMediaStats } from "./call-media-stats.js";
import { CallWire } from "./call-wire.js";
import { checkOffer } from "./sdp.js";

/** A handle on one WebRTC call of the mock, for tests. */
export interface MockCallHandle {
  /** The call id (`rtc_…`), as in the answer's `Location`. */
  readonly id: string;
  /** Resolves with the call's session once the `oai-events` data channel opened. */
  readonly session: Promise<MockSessionHandle>;
  /** RTP packet counters. */
  readonly stats: CallMediaStats;
  /** Resolves with the next raw text frame the client sent on the data channel (in order, none skipped; at most 10 000 are kept). */
  nextFrame(): Promise<string>;
  /** Ends the call from the server: the data channel closes, then the peer connection. */
  hangup(): void;
  /** The server vanishes: the peer connection stops without closing the data channel (the client notices only when ICE consent fails). */
  vanish(): void;
  /** Resolves when the call has ended (its peer connection is closed). */
  readonly ended: Promise<void>;
}

/** What the calls endpoint needs from the server. */
export interface CallsContext {
  keys: KeyRing;
  models: readonly string[];
  maxSessionMs: number;
  log: Logger;
  now: () => number;
  /** Interface the answerer's ICE listens on (the server's host). */
  host: string;
  /** Starts a session over a wire; the server registers it like a WebSocket session. */
  startSession(
    wire: SessionWire,
    initial: (id: string, expiresAt: number) => JsonObject,
  ): MockSession;
}

interface ApiError {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

const CALLS_PATH = "/v1/realtime/calls";
const MAX_BODY = 1024 * 1024;
const MAX_FRAMES = 10_000;
/** How long a call may wait for its data channel after the answer. */
const OPEN_TIMEOUT_MS = 30_000;

/**
 * Browsers post the offer straight to the calls endpoint from their page's origin, so (like the
 * real API) it allows any origin, and exposes `Location` so the page can read the call id.
 */
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "location, x-request-id",
};

function reply(res: ServerResponse, status: number, body: JsonObject): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

function fail(res: ServerResponse, status: number, error: ApiError): void {
  reply(res, status, { error: { ...error } });
}

function invalid(message: string, code: string | null, param: string | null = null): ApiError {
  return { message, type: "invalid_request_error", param, code };
}

function callId(): string {
  return `rtc_u1_${randomBytes(16).toString("hex")}`;
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  let size = 0;
  const parts: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

class MockCall implements MockCallHandle {
  readonly id = callId();
  readonly #session = deferred<MockSessionHandle>();
  readonly session = this.#session.promise;
  readonly #ended = deferred<void>();
  readonly ended = this.#ended.promise;
  readonly #frames: string[] = [];
  readonly #readers: Deferred<string>[] = [];
  #wire: CallWire | undefined;
  live: MockSession | undefined;

  constructor(readonly pc: RTCPeerConnection) {
    this.session.catch(() => {});
  }

  tap(text: string): void {
    const reader = this.#readers.shift();
    if (reader) reader.resolve(text);
    else if (this.#frames.length < MAX_FRAMES) this.#frames.push(text);
  }

  nextFrame(): Promise<string> {
    const frame = this.#frames.shift();
    if (frame !== undefined) return Promise.resolve(frame);
    const d = deferred<string>();
    this.#readers.push(d);
    return d.promise;
  }

  get stats(): CallMediaStats {
    return this.#wire?.stats ?? { packetsIn: 0, packetsOut: 0 };
  }

  started(wire: CallWire, session: MockSession): void {
    this.#wire = wire;
    this.live = session;
    this.#session.resolve(session);
  }

  hangup(): void {
    if (this.live) this.live.close(1000, "hangup");
    else this.end();
  }

  vanish(): void {
    if (this.#wire) this.#wire.terminate();
    else this.end();
  }

  /** Ends the call: with a wire, its channel closes before the peer (see `CallWire.shutdown`); `ended` resolves once the peer is closed. */
  end(): void {
    this.#session.reject(new Error("The call ended before its data channel opened."));
    const closed = this.#wire ? this.#wire.shutdown() : this.pc.close().catch(() => {});
    void closed.then(() => this.#ended.resolve());
  }
}

/**
 * The WebRTC side of the mock: `POST /v1/realtime/calls` answers an SDP offer with a werift
 * peer (201, `application/sdp`, `Location: /v1/realtime/calls/<id>`), with an ephemeral key
 * and `application/sdp`, or a standard key and `multipart/form-data` (`sdp` + `session`);
 * `POST /v1/realtime/calls/{id}/hangup` ends a call.
 */
export class CallsEndpoint {
  readonly #ctx: CallsContext;
  readonly #calls = new Map<string, MockCall>();
  readonly #unclaimed: MockCall[] = [];
  readonly #waiting: Deferred<MockCallHandle>[] = [];

  constructor(ctx: CallsContext) {
    this.#ctx = ctx;
  }

  /** Whether a request path belongs here. */
  matches(pathname: string): boolean {
    return pathname === CALLS_PATH || pathname.startsWith(`${CALLS_PATH}/`);
  }

  /** The running session of a call, for a sideband `?call_id=`. */
  sessionOf(id: string): MockSession | undefined {
    return this.#calls.get(id)?.live;
  }

  /** Resolves with the next call that is answered (or the first one not yet handed out). */
  nextCall(): Promise<MockCallHandle> {
    const ready = this.#unclaimed.shift();
    if (ready) return Promise.resolve(ready);
    const d = deferred<MockCallHandle>();
    this.#waiting.push(d);
    return d.promise;
  }

  /** Calls currently up. */
  get calls(): ReadonlyMap<string, MockCallHandle> {
    return this.#calls;
  }

  /** Ends every call. */
  close(): void {
    for (const call of this.#calls.values()) call.hangup();
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const rest = url.pathname.slice(CALLS_PATH.length);
    const hangup = rest.match(/^\/([^/]+)\/hangup$/);
    if (req.method === "OPTIONS") {
      // The CORS preflight of a browser's POST with Authorization and application/sdp.
      res.writeHead(204, {
        ...CORS,
        "access-control-allow-methods": "POST, OPTIONS",
        "access-control-allow-headers": "authorization, content-type",
        "access-control-max-age": "600",
      });
      res.end();
      return;
    }
    if (req.method !== "POST" || (rest !== "" && hangup === null)) {
      fail(res, 404, invalid(`Invalid URL (${req.method ?? "GET"} ${url.pathname})`, null));
      return;
    }
    const key = keyFromRequest(req.headers.authorization, undefined);
    if (!key) {
      fail(
        res,
        401,
        invalid(
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
          null,
        ),
      );
      return;
    }
    if (!this.#ctx.keys.accepts(key)) {
      fail(
        res,
        401,
        invalid(
          key.startsWith("ek_")
            ? "Invalid or expired client secret. Mint a new one with POST /v1/realtime/client_secrets."
            : "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
          "invalid_api_key",
        ),
      );
      return;
    }
    if (hangup) {
      const id = decodeURIComponent(hangup[1] ?? "");
      const call = this.#calls.get(id);
      if (!call) {
        fail(res, 404, invalid(`Call '${id}' not found.`, "call_not_found", "call_id"));
        return;
      }
      this.#ctx.log({ level: "info", msg: "call hung up by request", call: id });
      call.hangup();
      res.writeHead(200, { ...CORS, "content-length": 0 });
      res.end();
      return;
    }
    if (req.headers["openai-beta"] !== undefined) {
      fail(
        res,
        400,
        invalid(
          "The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.",
          "beta_api_shape_disabled",
        ),
      );
      return;
    }
    await this.#answer(req, res, key);
  }

  async #answer(req: IncomingMessage, res: ServerResponse, key: string): Promise<void> {
    const body = await readBody(req);
    if (body === null) {
      fail(res, 413, invalid("The request body is too large.", null));
      return;
    }
    const type = String(req.headers["content-type"] ?? "").toLowerCase();
    let sdp: string;
    let requested: JsonObject | undefined;
    const secret = key.startsWith("ek_") ? this.#ctx.keys.ephemeral(key) : undefined;
    if (type.startsWith("application/sdp")) {
      sdp = body.toString("utf8");
    } else if (type.startsWith("multipart/form-data")) {
      const parsed = await parseForm(body, type);
      if ("error" in parsed) {
        fail(res, 400, parsed.error);
        return;
      }
      sdp = parsed.sdp;
      requested = parsed.session;
    } else {
      fail(
        res,
        400,
        invalid(
          `Unsupported content type '${type || "(none)"}': send the SDP offer as application/sdp, or multipart/form-data with 'sdp' and 'session' parts.`,
          "unsupported_content_type",
        ),
      );
      return;
    }
    if (requested !== undefined) {
      const problem = checkSessionConfig(requested);
      if (problem) {
        fail(
          res,
          400,
          invalid(
            problem.message,
            problem.code,
            `session.${problem.param ?? ""}`.replace(/\.$/, ""),
          ),
        );
        return;
      }
      if (requested.model !== undefined && !this.#ctx.models.includes(String(requested.model))) {
        fail(
          res,
          400,
          invalid(
            `The model '${String(requested.model)}' does not exist or you do not have access to it.`,
            "invalid_model",
            "session.model",
          ),
        );
        return;
      }
    }
    const offerProblem = checkOffer(sdp);
    if (offerProblem) {
      fail(res, 400, invalid(`Invalid SDP offer: ${offerProblem}`, "invalid_offer", "sdp"));
      return;
    }
    const base = requested ?? (secret?.session.type === "realtime" ? secret.session : undefined);
    const model = typeof base?.model === "string" ? base.model : "gpt-realtime";
    const initial = (id: string, exp: number): JsonObject => {
      const defaults = defaultRealtimeSession(id, model, exp);
      if (base === undefined) return defaults;
      return { ...mergeSession(defaults, clone(base)), id, model, expires_at: exp };
    };

    const pc = new RTCPeerConnection({
      iceServers: [],
      iceUseIpv6: false,
      iceAdditionalHostAddresses: [this.#ctx.host === "0.0.0.0" ? "127.0.0.1" : this.#ctx.host],
    });
    const call = new MockCall(pc);
    let answer: string;
    try {
      await pc.setRemoteDescription({ type: "offer", sdp });
      const transceiver = pc.getTransceivers().find((t) => t.kind === "audio");
      if (transceiver === undefined) throw new Error("no audio transceiver");
      transceiver.setDirection("sendrecv");
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered(pc);
      answer = pc.localDescription?.sdp ?? "";
      this.#wireUp(call, pc, transceiver, initial);
    } catch (e) {
      void pc.close().catch(() => {});
      fail(
        res,
        400,
        invalid(
          `Invalid SDP offer: ${e instanceof Error ? e.message : String(e)}`,
          "invalid_offer",
          "sdp",
        ),
      );
      return;
    }
    this.#calls.set(call.id, call);
    call.ended.then(() => this.#calls.delete(call.id));
    this.#ctx.log({ level: "info", msg: "call answered", call: call.id });
    res.writeHead(201, {
      ...CORS,
      "content-type": "application/sdp",
      "content-length": Buffer.byteLength(answer),
      location: `${CALLS_PATH}/${call.id}`,
    });
    res.end(answer);
    const waiter = this.#waiting.shift();
    if (waiter) waiter.resolve(call);
    else this.#unclaimed.push(call);
    call.ended.then(() => {
      const at = this.#unclaimed.indexOf(call);
      if (at >= 0) this.#unclaimed.splice(at, 1);
    });
  }

  #wireUp(
    call: MockCall,
    pc: RTCPeerConnection,
    transceiver: RTCRtpTransceiver,
    initial: (id: string, exp: number) => JsonObject,
  ): void {
    const timer = setTimeout(() => {
      if (call.live === undefined) {
        this.#ctx.log({ level: "info", msg: "call's data channel never opened", call: call.id });
        call.end();
      }
    }, OPEN_TIMEOUT_MS);
    timer.unref();
    pc.connectionStateChange.subscribe((state) => {
      if ((state === "failed" || state === "closed") && call.live === undefined) call.end();
    });
    pc.onDataChannel.subscribe((dc) => {
      if (dc.label !== "oai-events" || call.live !== undefined) return;
      clearTimeout(timer);
      const wire = new CallWire(pc, dc, transceiver, (text) => call.tap(text));
      const session = this.#ctx.startSession(wire, initial);
      wire.bind((event) => session.send(event as never));
      call.started(wire, session);
      session.ended.then(() => call.end());
    });
  }
}

function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 3000);
    pc.iceGatheringStateChange.subscribe((state) => {
      if (state === "complete") {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

async function parseForm(
  body: Buffer,
  contentType: string,
): Promise<{ sdp: string; session: JsonObject | undefined } | { error: ApiError }> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), {
      headers: { "content-type": contentType },
    }).formData();
  } catch {
    return { error: invalid("Could not parse the multipart/form-data body.", "invalid_multipart") };
  }
  const sdpPart = form.get("sdp");
  const sdp = typeof sdpPart === "string" ? sdpPart : await sdpPart?.text();
  if (sdp === undefined) {
    return {
      error: invalid("Missing required parameter: 'sdp'.", "missing_required_parameter", "sdp"),
    };
  }
  const sessionPart = form.get("session");
  if (sessionPart === null) return { sdp, session: undefined };
  const text = typeof sessionPart === "string" ? sessionPart : await sessionPart.text();
  try {
    const session: unknown = JSON.parse(text);
    if (!isObject(session)) throw new Error("not an object");
    return { sdp, session };
  } catch {
    return {
      error: invalid("The 'session' part must be a JSON object.", "invalid_json", "session"),
    };
  }
}
