import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type Deferred, deferred, type Logger, safeLogger } from "@echo/core";
import { type WebSocket, WebSocketServer } from "ws";
import type { Behavior } from "./behavior.js";
import { parrot } from "./behaviors/parrot.js";
import { defaultRealtimeSession, defaultTranscriptionSession, KNOWN_MODELS } from "./defaults.js";
import type { FaultRule } from "./faults.js";
import { handleHttp } from "./http.js";
import { makeId } from "./ids.js";
import { clone, type JsonObject } from "./json.js";
import { KeyRing, keyFromRequest, type MintedSecret } from "./keys.js";
import { parseTarget } from "./request-target.js";
import { MockSession, type MockSessionHandle, type SessionSettings } from "./session.js";
import { makeSelfSignedCertificate } from "./tls.js";
import { CallsEndpoint, type MockCallHandle } from "./webrtc/calls.js";
import type { SessionWire } from "./wire.js";
import { invalidRequest, type WireError } from "./wire-error.js";
import { webSocketWire } from "./ws-wire.js";

/** Options of {@link startMockServer}. Every field is optional. */
export interface MockServerOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Who answers: `parrot()` (default), `scripted([...])` or your own {@link Behavior}. */
  behavior?: Behavior;
  /** Accept only these standard keys (default: any `sk-…`-shaped key). Minted `ek_…` secrets are always accepted until they expire. */
  apiKeys?: readonly string[];
  /** Serve `wss://` and `https://` with a self-signed certificate made at start (see `certificate`). */
  tls?: boolean;
  /** WebSocket ping interval; a client that misses a pong by the next ping is dropped (default 20 000). */
  pingIntervalMs?: number;
  /** Session length limit; then close 1001 (default 3 600 000, 60 minutes). */
  maxSessionMs?: number;
  /** Extra model ids accepted besides the GA ones. */
  models?: readonly string[];
  /** Audio per `response.output_audio.delta` in milliseconds (default 200). */
  audioChunkMs?: number;
  /** Pause between deltas of a response; 0 (default) yields to the event loop only. */
  deltaIntervalMs?: number;
  /** Delay before `session.updated` (the real service takes about 250 ms; default 0). */
  sessionUpdateDelayMs?: number;
  /** Faults injected into every connection. */
  faults?: readonly FaultRule[];
  /** Structured log sink (keys are always redacted). */
  log?: Logger;
  /** Clock in milliseconds (default `Date.now`), for client secret expiry in tests. */
  now?: () => number;
}

/** Counters of a running mock server. */
export interface MockServerMetrics {
  /** WebSocket upgrades accepted (including those closed at once for auth or model errors). */
  connections: number;
  /** Connections closed right after the upgrade because of the key, model or beta header. */
  rejected: number;
  /** Sessions currently open. */
  openSessions: number;
  /** Client frames received by all sessions. */
  framesReceived: number;
  /** Server frames sent by all sessions. */
  framesSent: number;
}

/** A running mock server. */
export interface MockServer {
  /** `ws://HOST:PORT/v1/realtime` (or `wss://` with TLS); add `?model=…`. */
  readonly url: string;
  /** `http://HOST:PORT` (or `https://`); REST paths live under `/v1`. */
  readonly httpUrl: string;
  /** The port it listens on. */
  readonly port: number;
  /** The self-signed certificate (PEM) when `tls` is on; pass it as `ca` to trust the server. */
  readonly certificate: string | undefined;
  /** Sessions currently open. */
  readonly sessions: ReadonlySet<MockSessionHandle>;
  /** Resolves with the next session that opens (or the first open one not yet handed out). */
  nextSession(): Promise<MockSessionHandle>;
  /** `http://HOST:PORT/v1/realtime/calls`: where a WebRTC client posts its SDP offer. */
  readonly callsUrl: string;
  /** WebRTC calls currently up, by call id. */
  readonly calls: ReadonlyMap<string, MockCallHandle>;
  /** Resolves with the next WebRTC call answered (or the first one not yet handed out). */
  nextCall(): Promise<MockCallHandle>;
  /** Counters. */
  readonly metrics: MockServerMetrics;
  /** Closes every session (1001 "server shutting down") and stops listening. */
  close(): Promise<void>;
}

/** Why the handshake is refused: the error event and close code sent right after the upgrade. */
interface HandshakeRejection {
  error: WireError;
  code: 3000 | 4000;
}

function reject(code: 3000 | 4000, error: WireError): HandshakeRejection {
  return { code, error };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Answers an upgrade request with an HTTP error and a JSON body, then closes the socket. */
function refuseUpgrade(
  socket: Duplex,
  status: number,
  text: string,
  error: { message: string; type: string; param: string | null; code: string | null },
): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Starts a mock OpenAI Realtime server (WebSocket `/v1/realtime`, REST `/v1/realtime/client_secrets`). */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const host = options.host ?? "127.0.0.1";
  const log = safeLogger(options.log);
  const now = options.now ?? Date.now;
  const models = [...KNOWN_MODELS, ...(options.models ?? [])];
  const maxSessionMs = options.maxSessionMs ?? 3_600_000;
  const keys = new KeyRing(options.apiKeys, now);
  const settings: SessionSettings = {
    behavior: options.behavior ?? parrot(),
    pingIntervalMs: options.pingIntervalMs ?? 20_000,
    maxSessionMs,
    audioChunkMs: options.audioChunkMs ?? 200,
    deltaIntervalMs: options.deltaIntervalMs ?? 0,
    sessionUpdateDelayMs: options.sessionUpdateDelayMs ?? 0,
    faults: options.faults ?? [],
    log,
    now,
  };
  const certificate = options.tls ? await makeSelfSignedCertificate(host) : undefined;
  const sessions = new Set<MockSession>();
  const unclaimed: MockSession[] = [];
  const waiting: Deferred<MockSessionHandle>[] = [];
  const metrics: MockServerMetrics = {
    connections: 0,
    rejected: 0,
    openSessions: 0,
    framesReceived: 0,
    framesSent: 0,
  };
  const closedCounts = { received: 0, sent: 0 };
  const sockets = new Set<Duplex>();

  const httpCtx = { keys, models, maxSessionMs, log, now };
  const calls = new CallsEndpoint({
    keys,
    models,
    maxSessionMs,
    log,
    now,
    host,
    startSession: (wire, initial) => startSession(wire, initial),
  });
  const onRequest = (req: IncomingMessage, res: import("node:http").ServerResponse) => {
    const target = parseTarget(req.url);
    const handled =
      target && calls.matches(target.pathname)
        ? calls.handle(req, res, target)
        : handleHttp(req, res, httpCtx);
    handled.catch((e: unknown) => {
      log({ level: "error", msg: "http handler failed", error: errorText(e) });
      if (res.writableEnded) return;
      if (!res.headersSent)
        res.writeHead(500, { "content-type": "application/json", connection: "close" });
      res.end(
        JSON.stringify({
          error: {
            message: "The server had an error while processing your request. Sorry about that!",
            type: "server_error",
            param: null,
            code: null,
          },
        }),
      );
    });
  };
  const server: Server = certificate
    ? createHttpsServer({ cert: certificate.cert, key: certificate.key }, onRequest)
    : createHttpServer(onRequest);
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has("realtime") ? "realtime" : false),
  });

  function check(
    req: IncomingMessage,
    url: URL,
  ):
    | HandshakeRejection
    | { attach: MockSession }
    | { secret: MintedSecret | undefined; initial: (id: string, exp: number) => JsonObject } {
    const key = keyFromRequest(req.headers.authorization, req.headers["sec-websocket-protocol"]);
    if (!key) {
      return reject(3000, invalidRequest(null, "Missing bearer or basic authentication in header"));
    }
    if (!keys.accepts(key)) {
      return reject(
        3000,
        invalidRequest(
          "invalid_api_key",
          "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
        ),
      );
    }
    const protocols = String(req.headers["sec-websocket-protocol"] ?? "");
    if (req.headers["openai-beta"] !== undefined || protocols.includes("openai-beta.realtime-v1")) {
      return reject(
        4000,
        invalidRequest(
          "beta_api_shape_disabled",
          "The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.",
        ),
      );
    }
    const secret = key.startsWith("ek_") ? keys.ephemeral(key) : undefined;
    const model = url.searchParams.get("model");
    const intent = url.searchParams.get("intent");
    const callId = url.searchParams.get("call_id");
    const given = [model, intent, callId].filter((v) => v !== null).length;
    if (given > 1) {
      return reject(
        4000,
        invalidRequest(
          "invalid_request",
          "Provide exactly one of the query parameters 'model', 'intent' or 'call_id'.",
        ),
      );
    }
    if (intent !== null) {
      if (intent !== "transcription") {
        return reject(
          4000,
          invalidRequest(
            "invalid_value",
            `Invalid value: '${intent}'. Supported values are: 'transcription'.`,
            "intent",
          ),
        );
      }
      return {
        secret,
        initial: (id, exp) =>
          secret?.session.type === "transcription"
            ? { ...clone(secret.session), id, expires_at: exp }
            : defaultTranscriptionSession(id, exp),
      };
    }
    if (callId !== null) {
      const call = calls.sessionOf(callId) ?? [...sessions].find((open) => open.id === callId);
      if (call) return { attach: call };
      return { secret, initial: (id, exp) => defaultRealtimeSession(id, "gpt-realtime", exp) };
    }
    const secretModel =
      secret && typeof secret.session.model === "string" ? secret.session.model : null;
    const chosen = model ?? secretModel;
    if (chosen === null) {
      return reject(
        4000,
        invalidRequest(
          "missing_model",
          "You must provide a model parameter. Add ?model=gpt-realtime to the URL.",
        ),
      );
    }
    if (!models.includes(chosen)) {
      return reject(
        4000,
        invalidRequest(
          "invalid_model",
          `The model '${chosen}' does not exist or you do not have access to it.`,
          "model",
        ),
      );
    }
    return {
      secret,
      initial: (id, exp) => {
        const base = defaultRealtimeSession(id, chosen, exp);
        if (secret?.session.type !== "realtime") return base;
        return { ...clone(secret.session), id, model: chosen, expires_at: exp };
      },
    };
  }

  function onConnection(ws: WebSocket, req: IncomingMessage, url: URL): void {
    metrics.connections++;
    const verdict = check(req, url);
    if ("error" in verdict) {
      metrics.rejected++;
      log({
        level: "info",
        msg: "rejected connection",
        code: verdict.error.code,
        close: verdict.code,
      });
      // The error event and the close frame go out in the same tick, as on the real service.
      ws.send(JSON.stringify({ type: "error", event_id: makeId("event"), error: verdict.error }));
      ws.close(verdict.code, `${verdict.error.type}.${verdict.error.code ?? "invalid_api_key"}`);
      return;
    }
    if ("attach" in verdict) {
      log({ level: "info", msg: "sideband attached", session: verdict.attach.id });
      verdict.attach.attachSideband(webSocketWire(ws));
      return;
    }
    startSession(webSocketWire(ws), verdict.initial);
  }

  /** One session over any wire (a WebSocket, or a WebRTC call's data channel), registered for tests and metrics. */
  function startSession(
    wire: SessionWire,
    initial: (id: string, expiresAt: number) => JsonObject,
  ): MockSession {
    const session = new MockSession(wire, settings, initial, (s) => {
      sessions.delete(s);
      closedCounts.received += s.counts.received;
      closedCounts.sent += s.counts.sent;
      const at = unclaimed.indexOf(s);
      if (at >= 0) unclaimed.splice(at, 1);
    });
    sessions.add(session);
    log({ level: "info", msg: "session opened", session: session.id });
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(session);
    else unclaimed.push(session);
    return session;
  }

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A socket error before `ws` takes over must not become an uncaught 'error' event.
    socket.on("error", () => socket.destroy());
    // One request's fault answers that request only: the server keeps serving everyone else.
    try {
      const url = parseTarget(req.url);
      if (!url) {
        refuseUpgrade(socket, 400, "Bad Request", {
          message: `Invalid request target '${String(req.url).slice(0, 100)}': expected a path such as /v1/realtime?model=gpt-realtime.`,
          type: "invalid_request_error",
          param: null,
          code: "invalid_url",
        });
        return;
      }
      if (url.pathname !== "/v1/realtime") {
        refuseUpgrade(socket, 404, "Not Found", {
          message: `Invalid URL (GET ${url.pathname}): the Realtime WebSocket lives at /v1/realtime.`,
          type: "invalid_request_error",
          param: null,
          code: null,
        });
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        try {
          onConnection(ws, req, url);
        } catch (e) {
          log({ level: "error", msg: "connection setup failed", error: errorText(e) });
          ws.close(1011, "server_error");
        }
      });
    } catch (e) {
      log({ level: "error", msg: "upgrade handler failed", error: errorText(e) });
      refuseUpgrade(socket, 500, "Internal Server Error", {
        message: "The server had an error while processing your request. Sorry about that!",
        type: "server_error",
        param: null,
        code: null,
      });
    }
  });

  await new Promise<void>((resolve, rejectListen) => {
    server.once("error", rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", rejectListen);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostPart = host.includes(":") ? `[${host}]` : host;
  const secure = certificate !== undefined;
  log({ level: "info", msg: "mock server listening", port, tls: secure });

  return {
    url: `${secure ? "wss" : "ws"}://${hostPart}:${port}/v1/realtime`,
    httpUrl: `${secure ? "https" : "http"}://${hostPart}:${port}`,
    port,
    certificate: certificate?.cert,
    sessions,
    callsUrl: `${secure ? "https" : "http"}://${hostPart}:${port}/v1/realtime/calls`,
    calls: calls.calls,
    nextCall: () => calls.nextCall(),
    nextSession() {
      const ready = unclaimed.shift();
      if (ready) return Promise.resolve(ready);
      const d = deferred<MockSessionHandle>();
      waiting.push(d);
      return d.promise;
    },
    get metrics(): MockServerMetrics {
      let received = closedCounts.received;
      let sent = closedCounts.sent;
      for (const s of sessions) {
        received += s.counts.received;
        sent += s.counts.sent;
      }
      return {
        ...metrics,
        openSessions: sessions.size,
        framesReceived: received,
        framesSent: sent,
      };
    },
    async close() {
      calls.close();
      const ends = [...sessions].map((s) => {
        s.close(1001, "server shutting down");
        return s.ended;
      });
      await Promise.race([Promise.all(ends), new Promise((r) => setTimeout(r, 500))]);
      for (const client of wss.clients) client.terminate();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
