import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type MockServer, type MockServerOptions, startMockServer } from "../src/index.js";
import { connect } from "./client.js";
import { userText } from "./setup.js";

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function open(options: MockServerOptions = {}) {
  server = await startMockServer(options);
  const c = connect(server);
  await c.next("session.created");
  return { s: server, c };
}

describe("fault injection", () => {
  it("drop before response.done: the client sees 1006 and no response.done", async () => {
    const { c } = await open({
      faults: [{ when: { on: "server_event", type: "response.done" }, action: { kind: "drop" } }],
    });
    c.send({ type: "conversation.item.create", item: userText("hi") });
    c.send({ type: "response.create" });
    expect((await c.closed).code).toBe(1006);
    expect(c.events.some((e) => e.type === "response.created")).toBe(true);
    expect(c.events.some((e) => e.type === "response.done")).toBe(false);
  });

  it("a malformed frame after a client event", async () => {
    const { c } = await open({
      faults: [
        {
          when: { on: "client_event", type: "input_audio_buffer.clear" },
          action: { kind: "malformed", data: "{broken" },
        },
      ],
    });
    // The test client parses frames; read this one raw instead.
    c.ws.removeAllListeners("message");
    const frames: string[] = [];
    const two = new Promise<void>((resolve) =>
      c.ws.on("message", (d) => {
        if (frames.push(d.toString()) === 2) resolve();
      }),
    );
    c.send({ type: "input_audio_buffer.clear" });
    await two;
    expect(JSON.parse(frames[0] ?? "").type).toBe("input_audio_buffer.cleared");
    expect(frames[1]).toBe("{broken");
    c.ws.close();
  });

  it("an injected error event followed by a close in the same tick", async () => {
    const { c } = await open({
      faults: [
        {
          when: { on: "open" },
          action: {
            kind: "error",
            error: { type: "server_error", code: null, message: "boom" },
            close: { code: 1011, reason: "server_error" },
          },
        },
      ],
    });
    const e = await c.next("error");
    expect(e.error).toMatchObject({ type: "server_error", message: "boom" });
    expect(await c.closed).toEqual({ code: 1011, reason: "server_error" });
  });

  it("stall holds events (and pongs) until resume", async () => {
    const { s, c } = await open();
    const handle = await s.nextSession();
    handle.fault({ kind: "stall" });
    c.send({ type: "input_audio_buffer.clear" });
    handle.send({ type: "rate_limits.updated", rate_limits: [] });
    expect(c.events.filter((e) => e.type === "input_audio_buffer.cleared")).toHaveLength(0);
    handle.resume();
    expect((await c.next()).type).toBe("rate_limits.updated");
    expect((await c.next()).type).toBe("input_audio_buffer.cleared");
    c.ws.close();
  });

  it("a stalled session answers a client ping only after resume", async () => {
    const { s, c } = await open();
    const handle = await s.nextSession();
    handle.fault({ kind: "stall" });
    let pongs = 0;
    c.ws.on("pong", () => pongs++);
    c.ws.ping();
    c.send({ type: "input_audio_buffer.clear" });
    handle.resume();
    await c.next("input_audio_buffer.cleared");
    expect(pongs).toBe(1);
    c.ws.close();
  });

  it("slow reader: the client's bufferedAmount grows, everything arrives in the end", async () => {
    const { s, c } = await open();
    const handle = await s.nextSession();
    handle.fault({ kind: "slow_reader", readEveryMs: 50 });
    const big = Buffer.alloc(512 * 1024).toString("base64");
    for (let i = 0; i < 16; i++) c.send({ type: "input_audio_buffer.append", audio: big });
    expect(c.ws.bufferedAmount).toBeGreaterThan(0);
    handle.resume();
    c.send({ type: "input_audio_buffer.clear" });
    await c.next("input_audio_buffer.cleared");
    // All 17 arrived; `received` keeps only the newest 256 KiB of them (these are 700 KB each).
    expect(s.metrics.framesReceived).toBe(17);
    expect(handle.received).toHaveLength(1);
    c.ws.close();
  });

  it("close with a chosen code", async () => {
    const { s, c } = await open();
    (await s.nextSession()).fault({ kind: "close", code: 1000, reason: "bye" });
    expect(await c.closed).toEqual({ code: 1000, reason: "bye" });
  });

  it("server.close() ends open sessions with 1001", async () => {
    const { s, c } = await open();
    await s.close();
    server = undefined;
    expect((await c.closed).code).toBe(1001);
    expect(c.ws.readyState).toBe(WebSocket.CLOSED);
  });

  it("metrics count connections and frames", async () => {
    const { s, c } = await open();
    c.send({ type: "input_audio_buffer.clear" });
    await c.next("input_audio_buffer.cleared");
    expect(s.metrics).toMatchObject({
      connections: 1,
      rejected: 0,
      openSessions: 1,
      framesReceived: 1,
      framesSent: 2,
    });
    c.ws.close();
  });
});
