import { afterEach, describe, expect, it } from "vitest";
import { type MockServer, type MockServerOptions, startMockServer } from "../src/index.js";
import { connect } from "./client.js";

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: MockServerOptions = {}) {
  server = await startMockServer(options);
  return server;
}

async function mint(s: MockServer, body: unknown, key: string | null = "sk-test-1234") {
  const res = await fetch(`${s.httpUrl}/v1/realtime/client_secrets`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("POST /v1/realtime/client_secrets (§6)", () => {
  it("mints an ek_ secret (default 600 s) with the effective session", async () => {
    let clock = 1_800_000_000_000;
    const s = await start({ now: () => clock });
    const { status, body } = await mint(s, {
      session: { type: "realtime", instructions: "Speak like a pirate." },
    });
    expect(status).toBe(200);
    expect(body.value).toMatch(/^ek_[0-9A-Za-z]{21}$/);
    expect(body.expires_at).toBe(1_800_000_000 + 600);
    expect(body.session).toMatchObject({
      type: "realtime",
      object: "realtime.session",
      model: "gpt-realtime",
      instructions: "Speak like a pirate.",
      audio: { output: { voice: "alloy" } },
    });
    expect((body.session as { id: string }).id).toMatch(/^sess_/);
    clock += 1000;
  });

  it("the WebSocket accepts the secret (browser subprotocols, no model needed) with its config", async () => {
    const s = await start();
    const { body } = await mint(s, {
      session: { type: "realtime", model: "gpt-realtime-mini", instructions: "Be terse." },
    });
    const c = connect(s, {
      query: "",
      protocols: ["realtime", `openai-insecure-api-key.${String(body.value)}`],
    });
    const created = await c.next();
    expect(created.type).toBe("session.created");
    expect(created.session).toMatchObject({
      model: "gpt-realtime-mini",
      instructions: "Be terse.",
    });
    expect((created.session as { id: string }).id).not.toBe((body.session as { id: string }).id);
    c.ws.close();
    // It can open several sessions until it expires.
    const again = connect(s, { key: String(body.value) });
    expect((await again.next()).type).toBe("session.created");
    again.ws.close();
  });

  it("an expired secret is refused with close 3000", async () => {
    let clock = 1_800_000_000_000;
    const s = await start({ now: () => clock });
    const { body } = await mint(s, { expires_after: { anchor: "created_at", seconds: 10 } });
    expect(body.expires_at).toBe(1_800_000_010);
    clock += 10_000;
    const c = connect(s, { key: String(body.value) });
    expect((await c.next()).error).toMatchObject({ code: "invalid_api_key" });
    expect((await c.closed).code).toBe(3000);
  });

  it("needs a standard key: none, a wrong one or an ek_ secret get 401", async () => {
    const s = await start({ apiKeys: ["sk-allowed-1"] });
    const none = await mint(s, {}, null);
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({ type: "invalid_request_error" });
    expect((await mint(s, {}, "sk-wrong-2")).status).toBe(401);
    const ok = await mint(s, {}, "sk-allowed-1");
    expect(ok.status).toBe(200);
    const withEk = await mint(s, {}, String(ok.body.value));
    expect(withEk.status).toBe(401);
    expect(withEk.body.error).toMatchObject({ code: "invalid_api_key" });
  });

  it("expires_after.seconds must be 10..7200", async () => {
    const s = await start();
    const low = await mint(s, { expires_after: { anchor: "created_at", seconds: 5 } });
    expect(low.status).toBe(400);
    expect(low.body.error).toMatchObject({
      code: "integer_below_min_value",
      param: "expires_after.seconds",
    });
    const high = await mint(s, { expires_after: { anchor: "created_at", seconds: 7201 } });
    expect(high.body.error).toMatchObject({
      code: "integer_above_max_value",
      param: "expires_after.seconds",
    });
  });

  it("the session config is validated like session.update", async () => {
    const s = await start();
    const bad = await mint(s, { session: { type: "realtime", bogus_field: true } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: "unknown_parameter",
      param: "session.bogus_field",
    });
    const model = await mint(s, { session: { type: "realtime", model: "gpt-unknown" } });
    expect(model.body.error).toMatchObject({ code: "invalid_model", param: "session.model" });
    const extra = await mint(s, { nope: 1 });
    expect(extra.body.error).toMatchObject({ code: "unknown_parameter", param: "nope" });
  });

  it("a transcription session can be minted", async () => {
    const s = await start();
    const { body } = await mint(s, { session: { type: "transcription" } });
    expect(body.session).toMatchObject({
      type: "transcription",
      object: "realtime.transcription_session",
    });
    const c = connect(s, { query: "intent=transcription", key: String(body.value) });
    const created = await c.next();
    expect(created.session).toMatchObject({
      type: "transcription",
      object: "realtime.transcription_session",
    });
    expect((created.session as { id: string }).id).not.toBe((body.session as { id: string }).id);
    c.ws.close();
  });

  it("bad JSON and unknown paths get JSON error bodies", async () => {
    const s = await start();
    const bad = await mint(s, "{oops");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "invalid_json", type: "invalid_request_error" });
    const res = await fetch(`${s.httpUrl}/v1/elsewhere`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      "Invalid URL (GET /v1/elsewhere)",
    );
  });
});
