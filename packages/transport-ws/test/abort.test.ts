import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createWebSocketTransport, TransportConnectError } from "../src/index.js";
import { recordingHandlers } from "./helpers/handlers.js";
import { type RawServer, startRawServer } from "./helpers/raw-server.js";

const KEY = "sk-test-abort";
let server: RawServer | undefined;
let http: Server | undefined;
const upgradeSockets: import("node:stream").Duplex[] = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  if (http) {
    for (const s of upgradeSockets.splice(0)) s.destroy();
    await new Promise((r) => http?.close(r));
    http = undefined;
  }
});

describe("AbortSignal", () => {
  it("an already aborted signal rejects open() with its reason", async () => {
    const t = createWebSocketTransport({ apiKey: KEY, url: "ws://127.0.0.1:9/v1/realtime" });
    const reason = new Error("stop");
    await expect(t.open(recordingHandlers().handlers, AbortSignal.abort(reason))).rejects.toBe(
      reason,
    );
  });

  it("aborting while the upgrade is pending rejects open() with the reason, and closed is not called", async () => {
    // An HTTP server that accepts the upgrade request and never answers it.
    const h = createServer();
    http = h;
    const upgrading = new Promise<void>((resolve) => {
      h.on("upgrade", (_req, socket) => {
        upgradeSockets.push(socket);
        resolve();
      });
    });
    await new Promise<void>((r) => h.listen(0, "127.0.0.1", r));
    const port = (h.address() as AddressInfo).port;
    const t = createWebSocketTransport({ apiKey: KEY, url: `ws://127.0.0.1:${port}/v1/realtime` });
    const ac = new AbortController();
    const rec = recordingHandlers();
    const opening = t.open(rec.handlers, ac.signal);
    await upgrading;
    const reason = new Error("user cancelled");
    ac.abort(reason);
    await expect(opening).rejects.toBe(reason);
    expect(rec.closedCount).toBe(0);
  });

  it("an upgrade that never completes fails after connectTimeoutMs with TransportConnectError", async () => {
    const h = createServer();
    http = h;
    h.on("upgrade", (_req, socket) => upgradeSockets.push(socket));
    await new Promise<void>((r) => h.listen(0, "127.0.0.1", r));
    const port = (h.address() as AddressInfo).port;
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: `ws://127.0.0.1:${port}/v1/realtime`,
      connectTimeoutMs: 20,
    });
    const rec = recordingHandlers();
    const error = await t.open(rec.handlers).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportConnectError);
    expect((error as Error).message).toContain("connectTimeoutMs");
    expect(rec.closedCount).toBe(0);
  });

  it("aborting an open transport closes it with { kind: 'aborted' }", async () => {
    server = await startRawServer();
    const t = createWebSocketTransport({ apiKey: KEY, url: server.url, heartbeat: false });
    const ac = new AbortController();
    const rec = recordingHandlers();
    await t.open(rec.handlers, ac.signal);
    const conn = await server.nextConnection();
    const serverSawClose = new Promise<number>((r) => conn.socket.once("close", (code) => r(code)));
    ac.abort("bye");
    expect(await rec.closed).toEqual({ kind: "aborted", reason: "bye" });
    expect(await serverSawClose).toBe(1000);
    await t.close();
    expect(rec.closedCount).toBe(1);
  });
});
