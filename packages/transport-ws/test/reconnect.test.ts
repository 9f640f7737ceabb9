import type { LocalEvent } from "@echo/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  createWebSocketTransport,
  ReconnectFailedError,
  TransportDisconnectedError,
} from "../src/index.js";
import { backoffDelay } from "../src/reconnect.js";
import { recordingHandlers } from "./helpers/handlers.js";
import { type RawConnection, type RawServer, startRawServer } from "./helpers/raw-server.js";

const KEY = "sk-test-reconnect";
const FAST = { initialDelayMs: 1, maxDelayMs: 5, jitter: 0 };
let server: RawServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server whose n-th connection (0-based) is handled by `script[n]` (the last one repeats). */
async function scriptedServer(script: ((c: RawConnection) => void)[]) {
  let n = 0;
  server = await startRawServer({
    onConnection: (c) => {
      const act = script[Math.min(n++, script.length - 1)];
      act?.(c);
    },
  });
  return server;
}

describe("reconnect", () => {
  it("is off by default: a drop closes with { kind: 'network' }", async () => {
    const s = await scriptedServer([(c) => c.socket.terminate()]);
    const t = createWebSocketTransport({ apiKey: KEY, url: s.url, heartbeat: false });
    const rec = recordingHandlers();
    await t.open(rec.handlers);
    expect((await rec.closed).kind).toBe("network");
    expect(rec.locals).toEqual([]);
    expect(s.connections.length).toBe(1);
  });

  it("after a drop: reconnecting, then reconnected with stateRestored false; sends in between reject", async () => {
    const s = await scriptedServer([
      (c) => setImmediate(() => c.socket.terminate()),
      (c) => c.socket.send('{"type":"session.created","n":2}'),
    ]);
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: s.url,
      heartbeat: false,
      reconnect: { ...FAST, initialDelayMs: 20 },
    });
    const rec = recordingHandlers();
    const reconnecting = rec.nextLocal("transport.reconnecting");
    const reconnected = rec.nextLocal("transport.reconnected");
    await t.open(rec.handlers);
    const ev = await reconnecting;
    expect(ev).toMatchObject({
      type: "transport.reconnecting",
      attempt: 1,
      reason: { kind: "network", code: 1006 },
    });
    // While disconnected, a send is refused at once, not queued for a different server session.
    const refused = await t.send('{"type":"response.create"}').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TransportDisconnectedError);
    expect((refused as TransportDisconnectedError).code).toBe("transport_disconnected");
    expect(await reconnected).toEqual({
      type: "transport.reconnected",
      attempt: 1,
      stateRestored: false,
    });
    await rec.messagesReceived(1);
    expect(rec.messages).toEqual(['{"type":"session.created","n":2}']);
    const second = s.connections[1];
    const got = second?.nextMessage();
    await t.send('{"type":"response.create"}');
    expect(await got).toBe('{"type":"response.create"}');
    // The refused event never reached any server.
    expect(s.connections[0]?.received).toEqual([]);
    expect(rec.closedCount).toBe(0);
    await t.close();
    expect((await rec.closed).kind).toBe("client");
  });

  it("reconnects after the 60-minute expiry (1001) by default", async () => {
    const s = await scriptedServer([(c) => c.socket.close(1001, "expired"), () => {}]);
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: s.url,
      heartbeat: false,
      reconnect: FAST,
    });
    const rec = recordingHandlers();
    const reconnected = rec.nextLocal("transport.reconnected");
    await t.open(rec.handlers);
    await reconnected;
    expect(rec.locals[0]).toMatchObject({ reason: { kind: "expired", code: 1001 } });
    await t.close();
  });

  it("never reconnects after auth (3000) or bad request (4000), whatever shouldReconnect says", async () => {
    for (const code of [3000, 4000]) {
      const s = await scriptedServer([(c) => c.socket.close(code, "x")]);
      const t = createWebSocketTransport({
        apiKey: KEY,
        url: s.url,
        heartbeat: false,
        reconnect: { ...FAST, shouldReconnect: () => true },
      });
      const rec = recordingHandlers();
      await t.open(rec.handlers);
      expect(await rec.closed).toMatchObject({ code });
      expect(rec.locals).toEqual([]);
      expect(s.connections.length).toBe(1);
      await s.close();
      server = undefined;
    }
  });

  it("does not reconnect after a normal server close (1000) by default", async () => {
    const s = await scriptedServer([(c) => c.socket.close(1000, "done")]);
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: s.url,
      heartbeat: false,
      reconnect: true,
    });
    const rec = recordingHandlers();
    await t.open(rec.handlers);
    expect(await rec.closed).toEqual({ kind: "server", code: 1000, reason: "done" });
    expect(rec.locals).toEqual([]);
  });

  it("gives up after maxAttempts with ReconnectFailedError", async () => {
    const s = await scriptedServer([
      (c) => {
        // The server goes away for good: further attempts are refused.
        s.server.close();
        c.socket.terminate();
      },
    ]);
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: s.url,
      heartbeat: false,
      reconnect: { ...FAST, maxAttempts: 3 },
    });
    const rec = recordingHandlers();
    await t.open(rec.handlers);
    const reason = await rec.closed;
    expect(reason.kind).toBe("network");
    if (reason.kind !== "network") return;
    expect(reason.error).toBeInstanceOf(ReconnectFailedError);
    expect(reason.error?.message).toContain("3 attempts");
    expect(
      rec.locals.map((l: LocalEvent) => (l.type === "transport.reconnecting" ? l.attempt : -1)),
    ).toEqual([1, 2, 3]);
    expect(rec.closedCount).toBe(1);
  });

  it("a heartbeat timeout triggers a reconnect", async () => {
    let n = 0;
    server = await startRawServer({
      onConnection: (c) => {
        // The first connection never answers pings; the second does.
        if (n++ === 0) (c.socket as unknown as { _autoPong: boolean })._autoPong = false;
      },
    });
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: server.url,
      heartbeat: { intervalMs: 10, timeoutMs: 20 },
      reconnect: FAST,
    });
    const rec = recordingHandlers();
    const reconnecting = rec.nextLocal("transport.reconnecting");
    const reconnected = rec.nextLocal("transport.reconnected");
    await t.open(rec.handlers);
    expect(await reconnecting).toMatchObject({ reason: { kind: "network", code: null } });
    await reconnected;
    await t.close();
    expect((await rec.closed).kind).toBe("client");
  });

  it("close() while waiting to reconnect closes with { kind: 'client' }", async () => {
    const s = await scriptedServer([(c) => c.socket.terminate()]);
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: s.url,
      heartbeat: false,
      reconnect: { initialDelayMs: 60_000 },
    });
    const rec = recordingHandlers();
    const reconnecting = rec.nextLocal("transport.reconnecting");
    await t.open(rec.handlers);
    await reconnecting;
    await t.close(1000, "stop");
    expect(await rec.closed).toEqual({ kind: "client", code: 1000, reason: "stop" });
    expect(s.connections.length).toBe(1);
  });

  it("aborting while waiting to reconnect closes with { kind: 'aborted' }", async () => {
    const s = await scriptedServer([(c) => c.socket.terminate()]);
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: s.url,
      heartbeat: false,
      reconnect: { initialDelayMs: 60_000 },
    });
    const ac = new AbortController();
    const rec = recordingHandlers();
    const reconnecting = rec.nextLocal("transport.reconnecting");
    await t.open(rec.handlers, ac.signal);
    await reconnecting;
    ac.abort("enough");
    expect(await rec.closed).toEqual({ kind: "aborted", reason: "enough" });
  });
});

describe("backoff", () => {
  const b = { maxAttempts: 10, initialDelayMs: 100, maxDelayMs: 1000, factor: 2, jitter: 0.5 };
  it("grows exponentially up to the cap", () => {
    const noJitter = { ...b, jitter: 0 };
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, noJitter))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });
  it("randomises the jitter fraction of each delay", () => {
    expect(backoffDelay(3, b, () => 0)).toBe(400);
    expect(backoffDelay(3, b, () => 1)).toBe(200);
    expect(backoffDelay(10, b, () => 0.5)).toBe(750);
  });
});
