import { getEventListeners } from "node:events";
import { EchoUsageError } from "@echo/core";
import { startMockServer } from "@echo/mock-server";
import { afterEach, describe, expect, it } from "vitest";
import {
  connect,
  createWebSocketTransport,
  MessageTooBigError,
  ReconnectFailedError,
  TransportConnectError,
} from "../src/index.js";
import { recordingHandlers } from "./helpers/handlers.js";
import { type RefusingServer, startRefusingServer } from "./helpers/http-refusal.js";
import { type RawServer, startRawServer } from "./helpers/raw-server.js";

const KEY = "sk-test-faults-SECRET42";
let server: RawServer | undefined;
let refusing: RefusingServer | undefined;

afterEach(async () => {
  await server?.close();
  await refusing?.close();
  server = undefined;
  refusing = undefined;
});

describe("close() with arguments a close frame cannot carry", () => {
  it("rejects with a usage error before anything changes; the socket and session stay open", async () => {
    server = await startRawServer();
    const session = await connect({
      apiKey: KEY,
      url: server.url,
      heartbeat: { intervalMs: 20, timeoutMs: 1000 },
    });
    const conn = await server.nextConnection();
    let closed = false;
    void session.closed.then(() => {
      closed = true;
    });
    for (const [code, reason] of [
      [1005, ""],
      [1006, ""],
      [2999, ""],
      [5000, ""],
      [1000, "x".repeat(124)],
    ] as const) {
      const err = await session.close(code, reason).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EchoUsageError);
    }
    // The socket is still open and the session still sends over it.
    const got = conn.nextMessage();
    await session.put({ type: "response.create" });
    expect(await got).toBe('{"type":"response.create"}');
    expect(closed).toBe(false);
    expect(conn.socket.readyState).toBe(conn.socket.OPEN);
    expect(await session.close()).toMatchObject({ kind: "client", code: 1000 });
  });

  it("the transport itself rejects them in every state, without changing state", async () => {
    server = await startRawServer();
    const t = createWebSocketTransport({ apiKey: KEY, url: server.url, heartbeat: false });
    const rec = recordingHandlers();
    await expect(t.close(1006)).rejects.toBeInstanceOf(EchoUsageError);
    await t.open(rec.handlers);
    for (const code of [1005, 1006, 2999, 5000]) {
      const err = await t.close(code).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EchoUsageError);
      expect((err as EchoUsageError).code).toBe("invalid_close");
    }
    await expect(t.close(1000, "é".repeat(62))).rejects.toBeInstanceOf(EchoUsageError);
    await t.send('{"type":"response.create"}');
    expect(rec.closedCount).toBe(0);
    await t.close(4999, "bye");
    expect(await rec.closed).toEqual({ kind: "client", code: 4999, reason: "bye" });
  });
});

describe("reconnect against a server that accepts and then fails", () => {
  it("short-lived connections do not reset the attempt count: maxAttempts applies", async () => {
    server = await startRawServer({
      onConnection: (c) => setTimeout(() => c.socket.close(1011, "internal error"), 50),
    });
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: server.url,
      heartbeat: false,
      reconnect: {
        maxAttempts: 3,
        initialDelayMs: 1,
        maxDelayMs: 5,
        jitter: 0,
        stableAfterMs: 1000,
      },
    });
    const rec = recordingHandlers();
    await t.open(rec.handlers);
    const reason = await rec.closed;
    expect(reason.kind).toBe("network");
    if (reason.kind !== "network") return;
    expect(reason.error).toBeInstanceOf(ReconnectFailedError);
    expect(reason.error?.message).toMatch(/after 3 attempts/);
    // The first connection and three reconnects, then it gave up.
    expect(server.connections).toHaveLength(4);
    const attempts = rec.locals
      .filter((e) => e.type === "transport.reconnecting")
      .map((e) => e.attempt);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it("a connection that stayed up for stableAfterMs ends the outage: the count starts again", async () => {
    let n = 0;
    server = await startRawServer({
      // Connection 2 lives long enough to count as recovered; the others die at once.
      onConnection: (c) => setTimeout(() => c.socket.close(1011, "x"), n++ === 2 ? 150 : 10),
    });
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: server.url,
      heartbeat: false,
      reconnect: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5, jitter: 0, stableAfterMs: 60 },
    });
    const rec = recordingHandlers();
    await t.open(rec.handlers);
    await rec.closed;
    const attempts = rec.locals
      .filter((e) => e.type === "transport.reconnecting")
      .map((e) => e.attempt);
    // 1, 2 (connection 2 recovers), then 1, 2 again and give up.
    expect(attempts).toEqual([1, 2, 1, 2]);
    expect(server.connections).toHaveLength(5);
  });
});

describe("a server frame over maxPayload", () => {
  it("ends as an error close 'message too big' (1009), with the cause, and is not retried", async () => {
    server = await startRawServer({ onConnection: (c) => c.socket.send("x".repeat(4096)) });
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: server.url,
      heartbeat: false,
      maxPayload: 1024,
      reconnect: { initialDelayMs: 1, jitter: 0 },
    });
    const rec = recordingHandlers();
    await t.open(rec.handlers);
    const reason = await rec.closed;
    expect(reason.kind).toBe("error");
    if (reason.kind !== "error") return;
    expect(reason.error).toBeInstanceOf(MessageTooBigError);
    expect(reason.error.code).toBe("message_too_big");
    expect(reason.error.message).toMatch(/message too big \(1009\)/);
    expect(reason.error.message).toMatch(/1024 bytes/);
    expect(reason.error.cause).toBeInstanceOf(RangeError);
    expect(rec.locals).toEqual([]);
    expect(server.connections).toHaveLength(1);
    expect(rec.messages).toEqual([]);
  });
});

describe("a socket constructor that throws", () => {
  it("leaks no abort listener on a shared signal, and the transport ends closed", async () => {
    const signal = new AbortController().signal;
    for (let i = 0; i < 3; i++) {
      // `ws` throws while constructing for a URL with a fragment.
      const t = createWebSocketTransport({ apiKey: KEY, url: "ws://127.0.0.1:9/v1/realtime#x" });
      const err = await t.open(recordingHandlers().handlers, signal).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportConnectError);
      expect((err as Error).message).toMatch(/fragment/);
      expect((err as Error).message).not.toContain("SECRET42");
      await t.close();
    }
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });
});

describe("secrets in close reasons", () => {
  it("a key a server reflects in its close reason is redacted in closed and in SessionClosedError", async () => {
    server = await startRawServer({
      onConnection: (c) => setTimeout(() => c.socket.close(3000, `Incorrect API key ${KEY}`), 5),
    });
    const session = await connect({ apiKey: KEY, url: server.url, heartbeat: false });
    const reason = await session.closed;
    expect(reason.kind).toBe("auth");
    expect(JSON.stringify(reason)).not.toContain("SECRET42");
    const err = await session.put({ type: "response.create" }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/authentication failed/);
    expect((err as Error).message).not.toContain("SECRET42");
  });
});

describe("HTTP errors on the upgrade", () => {
  const openAiError = (message: string) => ({
    error: { type: "invalid_request_error", code: null, message },
  });
  for (const [status, advice] of [
    [401, /API key/],
    [403, /API key/],
    [429, /rate limit.*retry later/i],
    [500, /server error.*retry/i],
    [503, /server error.*retry/i],
  ] as const) {
    it(`${status}: TransportConnectError with status, the server's message and fitting advice`, async () => {
      refusing = await startRefusingServer(status, openAiError(`nope ${status}, key ${KEY}`));
      const err = await connect({ apiKey: KEY, url: refusing.url }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportConnectError);
      const e = err as TransportConnectError;
      expect(e.status).toBe(status);
      expect(e.serverMessage).toBe(`nope ${status}, key sk-[redacted]`);
      expect(e.message).toContain(`HTTP ${status}`);
      expect(e.message).toContain(`nope ${status}`);
      expect(e.message).toMatch(advice);
      expect(e.message).not.toContain("SECRET42");
      expect(e.message).not.toMatch(/reachable/);
    });
  }

  it("a plain-text body is quoted (shortened); an unreachable server has no status", async () => {
    refusing = await startRefusingServer(404, "no such route ".repeat(100));
    const e = (await connect({ apiKey: KEY, url: refusing.url }).catch(
      (x: unknown) => x,
    )) as TransportConnectError;
    expect(e.status).toBe(404);
    expect(e.serverMessage?.length).toBeLessThanOrEqual(301);
    expect(e.message).toMatch(/check `url`/i);
    await refusing.close();
    refusing = undefined;
    const down = (await connect({ apiKey: KEY, url: "ws://127.0.0.1:9/v1/realtime" }).catch(
      (x: unknown) => x,
    )) as TransportConnectError;
    expect(down).toBeInstanceOf(TransportConnectError);
    expect(down.status).toBeUndefined();
    expect(down.message).toMatch(/reachable/);
  });

  it("against the mock server: a wrong path answers 404 with its status and advice", async () => {
    const mock = await startMockServer();
    try {
      const url = mock.url.replace("/v1/realtime", "/v1/nowhere");
      const e = (await connect({ apiKey: KEY, url }).catch(
        (x: unknown) => x,
      )) as TransportConnectError;
      expect(e).toBeInstanceOf(TransportConnectError);
      expect(e.status).toBe(404);
      expect(e.message).toMatch(/HTTP 404/);
      expect(e.message).toMatch(/check `url`/i);
    } finally {
      await mock.close();
    }
  });
});
