import { afterEach, describe, expect, it } from "vitest";
import { heartbeatSettings } from "../src/heartbeat.js";
import { createWebSocketTransport, HeartbeatTimeoutError } from "../src/index.js";
import { recordingHandlers } from "./helpers/handlers.js";
import { type RawServer, startRawServer } from "./helpers/raw-server.js";

const KEY = "sk-test-heartbeat";
let server: RawServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("heartbeatSettings", () => {
  it("fills in the defaults for what the option leaves out, an explicit undefined too", () => {
    const defaults = { intervalMs: 15_000, timeoutMs: 10_000 };
    expect(heartbeatSettings(undefined)).toEqual(defaults);
    expect(heartbeatSettings({})).toEqual(defaults);
    // A spread would copy `undefined` over the default: a 1 ms ping interval.
    expect(heartbeatSettings({ intervalMs: undefined, timeoutMs: undefined })).toEqual(defaults);
    expect(heartbeatSettings({ intervalMs: 50 })).toEqual({ intervalMs: 50, timeoutMs: 10_000 });
    expect(heartbeatSettings(false)).toBeUndefined();
  });
});

describe("heartbeat", () => {
  it("a server that stops answering pings is a network failure with HeartbeatTimeoutError", async () => {
    server = await startRawServer({ autoPong: false });
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: server.url,
      heartbeat: { intervalMs: 10, timeoutMs: 20 },
    });
    const rec = recordingHandlers();
    await t.open(rec.handlers);
    const reason = await rec.closed;
    expect(reason.kind).toBe("network");
    if (reason.kind !== "network") return;
    expect(reason.code).toBeNull();
    expect(reason.error).toBeInstanceOf(HeartbeatTimeoutError);
    expect(reason.error?.code).toBe("heartbeat_timeout");
  });

  it("a live server answers the client's pings and the connection stays up", async () => {
    server = await startRawServer();
    const t = createWebSocketTransport({
      apiKey: KEY,
      url: server.url,
      heartbeat: { intervalMs: 5, timeoutMs: 2000 },
    });
    const rec = recordingHandlers();
    await t.open(rec.handlers);
    const conn = await server.nextConnection();
    // Five pings seen and answered by the server while the transport stayed open.
    await new Promise<void>((resolve) => {
      let pings = 0;
      conn.socket.on("ping", () => {
        if (++pings === 5) resolve();
      });
    });
    expect(rec.closedCount).toBe(0);
    await t.close();
    expect((await rec.closed).kind).toBe("client");
  });

  it("the client answers the server's pings (ws autoPong)", async () => {
    server = await startRawServer();
    const t = createWebSocketTransport({ apiKey: KEY, url: server.url, heartbeat: false });
    await t.open(recordingHandlers().handlers);
    const conn = await server.nextConnection();
    const pong = new Promise<string>((resolve) =>
      conn.socket.once("pong", (data) => resolve(data.toString())),
    );
    conn.socket.ping("are-you-there");
    expect(await pong).toBe("are-you-there");
    await t.close();
  });
});
