import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildServer, startChildServer } from "./child-server.js";
import { connect, type TestClient } from "./client.js";
import { rawHttp } from "./raw-http.js";

const KEY = "sk-test-never-dies";

function nested(levels: number): unknown {
  let v: unknown = {};
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

function post(body: string, extra = ""): string {
  return `POST /v1/realtime/client_secrets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
}

describe("the mock never dies from one request (server in a child process)", () => {
  let server: ChildServer;
  let bystander: TestClient;

  beforeAll(async () => {
    server = await startChildServer();
    bystander = connect(server, { key: KEY });
    await bystander.next("session.created");
  });

  afterAll(async () => {
    bystander.ws.close();
    await server.stop();
  });

  /** The process is up and a session opened before the bad input still works. */
  async function othersUntouched(): Promise<void> {
    expect(server.alive(), server.stderr()).toBe(true);
    bystander.send({
      type: "session.update",
      session: { type: "realtime", instructions: "still" },
    });
    expect((await bystander.next("session.updated")).session).toMatchObject({
      instructions: "still",
    });
  }

  it.each([
    ["tools[].parameters", { tools: [{ type: "function", name: "f", parameters: nested(2000) }] }],
    ["tracing.metadata", { tracing: { workflow_name: "w", metadata: nested(2000) } }],
  ])("a session.update nesting 2,000 levels in %s gets invalid_value", async (_, session) => {
    const c = connect(server, { key: KEY });
    await c.next("session.created");
    c.send({
      type: "session.update",
      event_id: "evt_deep",
      session: { type: "realtime", ...session },
    });
    const err = await c.next("error");
    expect(err.error).toMatchObject({
      type: "invalid_request_error",
      code: "invalid_value",
      event_id: "evt_deep",
    });
    expect(String((err.error as { message: string }).message)).toMatch(
      /nests more than 128 levels/,
    );
    // The offender's session goes on too.
    c.send({ type: "input_audio_buffer.clear" });
    await c.next("input_audio_buffer.cleared");
    c.ws.close();
    await othersUntouched();
  });

  it("an upgrade to `http://[` is a 400 with a JSON error", async () => {
    const { text } = await rawHttp(server.port, [
      "GET http://[ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
    ]);
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4))).toMatchObject({
      error: { type: "invalid_request_error", code: "invalid_url" },
    });
    await othersUntouched();
  });

  it("a plain request to `http://[` is a 400 too", async () => {
    const { text } = await rawHttp(server.port, [
      "GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ]);
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    await othersUntouched();
  });

  it("after a 413 on client_secrets the keep-alive connection still works", async () => {
    const big = "x".repeat(2 * 1024 * 1024);
    const { text, error } = await rawHttp(server.port, [
      post(big),
      post("{}", "connection: close\r\n"),
    ]);
    expect(error).toBeUndefined();
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toContain("at most 1 MiB");
    // The second request on the same connection is answered.
    expect(text).toMatch(/HTTP\/1\.1 200 OK[\s\S]*"value":"ek_/);
    await othersUntouched();
  });

  it("a 413 for a declared 100 MB body comes at once, with Connection: close", async () => {
    const head = `POST /v1/realtime/client_secrets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\ncontent-length: 100000000\r\n\r\n`;
    const { text, error } = await rawHttp(server.port, [head]);
    expect(error).toBeUndefined();
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text.toLowerCase()).toContain("connection: close");
    await othersUntouched();
  });

  it("a 413 for a body streamed without a declared length also arrives, no reset", async () => {
    const head = `POST /v1/realtime/client_secrets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\ntransfer-encoding: chunked\r\n\r\n`;
    const chunk = "x".repeat(64 * 1024);
    const chunks = Array.from({ length: 20 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    const { text, error } = await rawHttp(server.port, [
      head,
      ...chunks,
      "0\r\n\r\n",
      post("{}", "connection: close\r\n"),
    ]);
    expect(error).toBeUndefined();
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toMatch(/HTTP\/1\.1 200 OK/);
    await othersUntouched();
  });

  it("a client that sends half a body and hangs up leaves nothing behind", async () => {
    const head = `POST /v1/realtime/client_secrets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\ncontent-length: 1000\r\n\r\n{"session":`;
    const { text } = await rawHttp(server.port, [head], 100);
    expect(text).toBe("");
    const next = await fetch(`${server.httpUrl}/v1/realtime/client_secrets`, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}` },
      body: "{}",
    });
    expect(next.status).toBe(200);
    await othersUntouched();
  });

  it.each([
    ["arrays", `${"[".repeat(100_000)}${"]".repeat(100_000)}`],
    ["objects in session", `{"session":${'{"a":'.repeat(100_000)}1${"}".repeat(100_001)}`],
  ])("a 100k-deep JSON body (%s) answers 400", async (_, body) => {
    const r = await fetch(`${server.httpUrl}/v1/realtime/client_secrets`, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}` },
      body,
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({
      error: { type: "invalid_request_error", code: "invalid_value" },
    });
    await othersUntouched();
  });
});
