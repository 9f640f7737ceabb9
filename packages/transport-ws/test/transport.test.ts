import { describeCloseReason, type LogEntry } from "@echo/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createWebSocketTransport,
  InvalidCloseError,
  InvalidTransportOptionsError,
  MissingApiKeyError,
  TransportClosedError,
  TransportConnectError,
} from "../src/index.js";
import { recordingHandlers, turns } from "./helpers/handlers.js";
import { type RawServer, startRawServer } from "./helpers/raw-server.js";

const KEY = "sk-test-0123456789abcdefSECRET";
let server: RawServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.unstubAllEnvs();
});

describe("opening", () => {
  it("sends the key as a Bearer header, never in the URL, and model=gpt-realtime by default", async () => {
    server = await startRawServer();
    const t = createWebSocketTransport({ apiKey: KEY, url: server.url, heartbeat: false });
    const rec = recordingHandlers();
    await t.open(rec.handlers);
    const conn = await server.nextConnection();
    expect(conn.request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(conn.request.url).toBe("/v1/realtime?model=gpt-realtime");
    expect(conn.request.url).not.toContain("sk-");
    expect(conn.request.headers["openai-beta"]).toBeUndefined();
    await t.close();
    expect(await rec.closed).toEqual({ kind: "client", code: 1000, reason: "" });
  });

  it("puts call_id instead of model for sideband control, and sends extra headers", async () => {
    server = await startRawServer();
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: server.url,
      callId: "rtc_abc123",
      headers: { "X-Trace": "t1" },
      safetyIdentifier: "user-42",
      heartbeat: false,
    });
    await t.open(recordingHandlers().handlers);
    const conn = await server.nextConnection();
    expect(conn.request.url).toBe("/v1/realtime?call_id=rtc_abc123");
    expect(conn.request.headers["x-trace"]).toBe("t1");
    expect(conn.request.headers["openai-safety-identifier"]).toBe("user-42");
    await t.close();
  });

  it("refuses model together with callId", () => {
    expect(() => createWebSocketTransport({ apiKey: KEY, model: "m", callId: "c" })).toThrow(
      InvalidTransportOptionsError,
    );
  });

  it("takes the key from OPENAI_API_KEY, and names both ways when neither is there", async () => {
    vi.stubEnv("OPENAI_API_KEY", "");
    let error: unknown;
    try {
      createWebSocketTransport({});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MissingApiKeyError);
    expect((error as Error).message).toContain("apiKey");
    expect((error as Error).message).toContain("OPENAI_API_KEY");

    vi.stubEnv("OPENAI_API_KEY", KEY);
    server = await startRawServer();
    const t = createWebSocketTransport({ url: server.url, heartbeat: false });
    await t.open(recordingHandlers().handlers);
    expect((await server.nextConnection()).request.headers.authorization).toBe(`Bearer ${KEY}`);
    await t.close();
  });

  it("rejects with a typed error, without the key, when nothing listens", async () => {
    server = await startRawServer();
    const url = server.url;
    await server.close();
    server = undefined;
    const logs: LogEntry[] = [];
    const t = createWebSocketTransport({ apiKey: KEY, url, log: (e) => logs.push(e) });
    const rec = recordingHandlers();
    const error = await t.open(rec.handlers).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportConnectError);
    expect((error as TransportConnectError).kind).toBe("fault");
    expect((error as Error).message).toContain("127.0.0.1");
    expect((error as Error).message).not.toContain(KEY);
    expect(JSON.stringify(logs)).not.toContain("SECRET");
    expect(rec.closedCount).toBe(0);
    await expect(t.send("{}")).rejects.toBeInstanceOf(TransportClosedError);
  });

  it("rejects open() twice and send() before open()", async () => {
    server = await startRawServer();
    const t = createWebSocketTransport({ apiKey: KEY, url: server.url, heartbeat: false });
    const early = await t.send("{}").catch((e: unknown) => e);
    expect(early).toBeInstanceOf(TransportClosedError);
    expect(early).toMatchObject({ kind: "usage", code: "transport_closed", reason: undefined });
    await t.open(recordingHandlers().handlers);
    const twice = await t.open(recordingHandlers().handlers).catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(TransportClosedError);
    expect((twice as TransportClosedError).kind).toBe("usage");
    await t.close();
  });
});

describe("frames", () => {
  it("delivers server text frames in order and sends client frames", async () => {
    server = await startRawServer({
      onConnection: (c) => {
        for (let i = 0; i < 100; i++) c.socket.send(JSON.stringify({ type: "n", i }));
      },
    });
    const t = createWebSocketTransport({ apiKey: KEY, url: server.url, heartbeat: false });
    const rec = recordingHandlers();
    await t.open(rec.handlers);
    await rec.messagesReceived(100);
    expect(rec.messages.map((m) => (JSON.parse(m) as { i: number }).i)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
    const conn = await server.nextConnection();
    const got = conn.nextMessage();
    await t.send('{"type":"response.create"}');
    expect(await got).toBe('{"type":"response.create"}');
    await t.close();
  });

  it("drops binary frames with a log entry", async () => {
    server = await startRawServer({
      onConnection: (c) => {
        c.socket.send(Buffer.from([1, 2, 3]));
        c.socket.send('{"type":"after"}');
      },
    });
    const logs: LogEntry[] = [];
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: server.url,
      heartbeat: false,
      log: (e) => logs.push(e),
    });
    const rec = recordingHandlers();
    await t.open(rec.handlers);
    await rec.messagesReceived(1);
    expect(rec.messages).toEqual(['{"type":"after"}']);
    expect(logs.some((l) => l.msg === "transport.binary_frame_dropped")).toBe(true);
    await t.close();
  });
});

describe("backpressure", () => {
  it("send() resolves at once under the high-water mark and waits for drain above it", async () => {
    server = await startRawServer();
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: server.url,
      heartbeat: false,
      highWaterMark: 64 * 1024,
    });
    await t.open(recordingHandlers().handlers);
    const conn = await server.nextConnection();
    // Stop the server from reading, so the client's kernel and user buffers fill up.
    const raw = (conn.socket as unknown as { _socket: import("node:net").Socket })._socket;
    raw.pause();
    const chunk = `{"type":"input_audio_buffer.append","audio":"${"A".repeat(512 * 1024)}"}`;
    let settled = 0;
    const sends: Promise<void>[] = [];
    for (let i = 0; i < 64; i++) {
      const p = t.send(chunk);
      sends.push(p);
      void p.then(() => settled++);
    }
    await turns(5);
    expect(settled).toBeLessThan(64);
    raw.resume();
    await Promise.all(sends);
    expect(settled).toBe(64);
    await t.close();
  });
});

describe("backpressure when the connection drops", () => {
  it("sends waiting for drain reject with TransportClosedError when the socket is lost", async () => {
    server = await startRawServer();
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: server.url,
      heartbeat: false,
      highWaterMark: 1024,
    });
    const rec = recordingHandlers();
    await t.open(rec.handlers);
    const conn = await server.nextConnection();
    (conn.socket as unknown as { _socket: import("node:net").Socket })._socket.pause();
    const chunk = `{"type":"x","audio":"${"A".repeat(1024 * 1024)}"}`;
    const sends = Array.from({ length: 16 }, () =>
      t.send(chunk).then(
        () => "ok",
        (e: unknown) => e,
      ),
    );
    conn.socket.terminate();
    const results = await Promise.all(sends);
    const closedErrors = results.filter((r) => r instanceof TransportClosedError);
    expect(closedErrors.length).toBeGreaterThan(0);
    // The server dropped the socket: a fault, not a mistake of the caller.
    for (const e of closedErrors) {
      expect(e.kind).toBe("fault");
      expect(e.reason?.kind).toBe("network");
    }
    expect((await rec.closed).kind).toBe("network");
  });
});

describe("TransportClosedError's kind follows who closed", () => {
  it.each([
    [1000, "server"],
    [1001, "expired"],
    [3000, "auth"],
    [4000, "bad_request"],
  ] as const)(
    "the server closes with %i: send() rejects with a fault (reason %s)",
    async (code, kind) => {
      server = await startRawServer();
      const t = createWebSocketTransport({ apiKey: KEY, url: server.url, heartbeat: false });
      const rec = recordingHandlers();
      await t.open(rec.handlers);
      (await server.nextConnection()).socket.close(code, "server says bye");
      expect((await rec.closed).kind).toBe(kind);
      const error = await t.send("{}").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportClosedError);
      expect(error).toMatchObject({
        kind: "fault",
        code: "transport_closed",
        reason: { kind, code },
      });
      // The message says why, in the words of describeCloseReason.
      expect((error as Error).message).toContain(describeCloseReason(await rec.closed));
    },
  );

  it("the connection drops (no close frame): send() rejects with a fault (reason network)", async () => {
    server = await startRawServer();
    const t = createWebSocketTransport({ apiKey: KEY, url: server.url, heartbeat: false });
    const rec = recordingHandlers();
    await t.open(rec.handlers);
    (await server.nextConnection()).socket.terminate();
    expect((await rec.closed).kind).toBe("network");
    const error = await t.send("{}").catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "fault", reason: { kind: "network", code: 1006 } });
  });

  it("this side closed or aborted: send() rejects with a usage error", async () => {
    server = await startRawServer();
    const closedHere = createWebSocketTransport({ apiKey: KEY, url: server.url, heartbeat: false });
    await closedHere.open(recordingHandlers().handlers);
    const closing = closedHere.close(1000, "done");
    // While the close handshake runs, and after it.
    expect(await closedHere.send("{}").catch((e: unknown) => e)).toMatchObject({
      kind: "usage",
      reason: { kind: "client" },
    });
    await closing;
    expect(await closedHere.send("{}").catch((e: unknown) => e)).toMatchObject({
      kind: "usage",
      reason: { kind: "client", code: 1000 },
    });

    const ac = new AbortController();
    const aborted = createWebSocketTransport({ apiKey: KEY, url: server.url, heartbeat: false });
    const rec = recordingHandlers();
    await aborted.open(rec.handlers, ac.signal);
    ac.abort("user left");
    expect((await rec.closed).kind).toBe("aborted");
    expect(await aborted.send("{}").catch((e: unknown) => e)).toMatchObject({
      kind: "usage",
      reason: { kind: "aborted" },
    });
  });
});

describe("closing", () => {
  it("close() is idempotent and send() after close rejects with a clear error", async () => {
    server = await startRawServer();
    const t = createWebSocketTransport({ apiKey: KEY, url: server.url, heartbeat: false });
    const rec = recordingHandlers();
    await t.open(rec.handlers);
    const a = t.close(4321, "bye");
    const b = t.close();
    await Promise.all([a, b]);
    await t.close();
    expect(await rec.closed).toEqual({ kind: "client", code: 4321, reason: "bye" });
    expect(rec.closedCount).toBe(1);
    const error = await t.send("{}").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toContain("closed");
  });

  it("drops the socket when the server never answers the close frame", async () => {
    server = await startRawServer();
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: server.url,
      heartbeat: false,
      closeTimeoutMs: 20,
    });
    const rec = recordingHandlers();
    await t.open(rec.handlers);
    const conn = await server.nextConnection();
    (conn.socket as unknown as { _socket: import("node:net").Socket })._socket.pause();
    await t.close(1000, "done");
    expect(await rec.closed).toEqual({ kind: "client", code: 1000, reason: "done" });
  });

  it("rejects an invalid close code with a usage error", async () => {
    server = await startRawServer();
    const t = createWebSocketTransport({ apiKey: KEY, url: server.url, heartbeat: false });
    await t.open(recordingHandlers().handlers);
    await expect(t.close(1234)).rejects.toBeInstanceOf(InvalidCloseError);
    await t.close();
  });

  it("close() before open() settles without calling the handlers", async () => {
    const t = createWebSocketTransport({ apiKey: KEY, url: "ws://127.0.0.1:9/v1/realtime" });
    await t.close();
    const rec = recordingHandlers();
    await expect(t.open(rec.handlers)).rejects.toBeInstanceOf(TransportClosedError);
  });
});
