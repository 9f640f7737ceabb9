import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  type LogEntry,
  type MockServer,
  type MockServerOptions,
  startMockServer,
} from "../src/index.js";
import { connect, type Ev } from "./client.js";

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: MockServerOptions = {}): Promise<MockServer> {
  server = await startMockServer(options);
  return server;
}

/** Connects, expects the 101, one `error` event and then a close; returns both. */
async function rejected(s: MockServer, opts: Parameters<typeof connect>[1]) {
  const c = connect(s, opts);
  await c.opened;
  const error = await c.next();
  const close = await c.closed;
  return { error, close, all: c.events };
}

const ID = (prefix: string) => new RegExp(`^${prefix}_[0-9A-Za-z]{21}$`);

describe("WebSocket handshake (§1)", () => {
  it("sends session.created first with the documented defaults and expires_at", async () => {
    const s = await start();
    const before = Math.floor(Date.now() / 1000);
    const c = connect(s);
    const created = await c.next();
    expect(created.type).toBe("session.created");
    expect(created.event_id).toMatch(ID("event"));
    const session = created.session as Record<string, unknown>;
    expect(session.id).toMatch(ID("sess"));
    expect(session).toMatchObject({
      type: "realtime",
      object: "realtime.session",
      model: "gpt-realtime",
      output_modalities: ["audio"],
      max_output_tokens: "inf",
      truncation: "auto",
      tracing: null,
      tools: [],
      tool_choice: "auto",
      audio: {
        input: {
          format: { type: "audio/pcm", rate: 24000 },
          transcription: null,
          noise_reduction: null,
          turn_detection: {
            type: "server_vad",
            threshold: 0.5,
            prefix_padding_ms: 300,
            silence_duration_ms: 200,
            idle_timeout_ms: null,
            create_response: true,
            interrupt_response: true,
          },
        },
        output: { format: { type: "audio/pcm", rate: 24000 }, voice: "alloy" },
      },
    });
    expect(typeof session.instructions).toBe("string");
    expect(session.expires_at).toBeGreaterThanOrEqual(before + 3600);
    expect(session.expires_at).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 3600);
    c.ws.close();
  });

  it("accepts the browser subprotocols and echoes `realtime`", async () => {
    const s = await start();
    const c = connect(s, { protocols: ["realtime", "openai-insecure-api-key.sk-browser-key"] });
    await c.opened;
    expect(c.ws.protocol).toBe("realtime");
    expect((await c.next()).type).toBe("session.created");
    c.ws.close();
  });

  it("a missing key: 101, error with code null, close 3000 invalid_request_error.invalid_api_key", async () => {
    const s = await start();
    const { error, close } = await rejected(s, { key: null });
    expect(error.type).toBe("error");
    expect(error.error).toEqual({
      type: "invalid_request_error",
      code: null,
      message: "Missing bearer or basic authentication in header",
      param: null,
      event_id: null,
    });
    expect(close).toEqual({ code: 3000, reason: "invalid_request_error.invalid_api_key" });
    expect(s.metrics.rejected).toBe(1);
  });

  it("a key outside `apiKeys`: invalid_api_key and close 3000, without echoing the key", async () => {
    const s = await start({ apiKeys: ["sk-the-only-key"] });
    const { error, close } = await rejected(s, { key: "sk-another-key-1234" });
    expect(error.error).toMatchObject({ code: "invalid_api_key", type: "invalid_request_error" });
    expect(JSON.stringify(error)).not.toContain("sk-another-key-1234");
    expect(close).toEqual({ code: 3000, reason: "invalid_request_error.invalid_api_key" });
    const ok = connect(s, { key: "sk-the-only-key" });
    expect((await ok.next()).type).toBe("session.created");
    ok.ws.close();
  });

  it("by default rejects keys that are not shaped like `sk-…` or a minted `ek_…`", async () => {
    const s = await start();
    for (const key of ["hello", "ek_notMintedByThisServer12345"]) {
      const { error, close } = await rejected(s, { key });
      expect(error.error).toMatchObject({ code: "invalid_api_key" });
      expect(close.code).toBe(3000);
    }
  });

  it("no model: missing_model and close 4000", async () => {
    const s = await start();
    const { error, close } = await rejected(s, { query: "" });
    expect(error.error).toMatchObject({ type: "invalid_request_error", code: "missing_model" });
    expect(close).toEqual({ code: 4000, reason: "invalid_request_error.missing_model" });
  });

  it("an unknown model: invalid_model and close 4000", async () => {
    const s = await start();
    const { error, close } = await rejected(s, { query: "model=gpt-nonexistent" });
    expect(error.error).toMatchObject({ code: "invalid_model" });
    expect(close).toEqual({ code: 4000, reason: "invalid_request_error.invalid_model" });
  });

  it("more than one of model/intent/call_id: close 4000", async () => {
    const s = await start();
    const { close } = await rejected(s, { query: "model=gpt-realtime&intent=transcription" });
    expect(close.code).toBe(4000);
  });

  it("the OpenAI-Beta header alone is fatal: beta_api_shape_disabled, close 4000", async () => {
    const s = await start();
    const { error, close, all } = await rejected(s, { headers: { "OpenAI-Beta": "realtime=v1" } });
    expect(error.error).toMatchObject({
      code: "beta_api_shape_disabled",
      message:
        "The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.",
    });
    expect(close).toEqual({ code: 4000, reason: "invalid_request_error.beta_api_shape_disabled" });
    expect(all.map((e) => e.type)).toEqual(["error"]);
  });

  it("the beta subprotocol is fatal too", async () => {
    const s = await start();
    const { error, close } = await rejected(s, {
      protocols: ["realtime", "openai-insecure-api-key.sk-browser-key", "openai-beta.realtime-v1"],
    });
    expect(error.error).toMatchObject({ code: "beta_api_shape_disabled" });
    expect(close.code).toBe(4000);
  });

  it("intent=transcription opens a transcription session that makes no responses", async () => {
    const s = await start();
    const c = connect(s, { query: "intent=transcription" });
    const created = await c.next();
    expect(created.session).toMatchObject({
      type: "transcription",
      object: "realtime.transcription_session",
    });
    c.send({ type: "response.create" });
    expect((await c.next()).type).toBe("error");
    c.ws.close();
  });

  it("call_id opens a sideband session", async () => {
    const s = await start();
    const c = connect(s, { query: "call_id=rtc_u1_abc123" });
    expect((await c.next()).type).toBe("session.created");
    c.ws.close();
  });

  it("call_id naming an open session attaches a sideband that sees and drives the same session", async () => {
    const s = await start();
    const main = connect(s);
    const created = await main.next("session.created");
    const id = (created.session as { id: string }).id;
    const side = connect(s, { query: `call_id=${id}` });
    const sideCreated = await side.next();
    expect(sideCreated.type).toBe("session.created");
    expect((sideCreated.session as { id: string }).id).toBe(id);
    side.send({
      type: "session.update",
      session: { type: "realtime", instructions: "From the sideband." },
    });
    expect(
      ((await main.next("session.updated")).session as { instructions: string }).instructions,
    ).toBe("From the sideband.");
    expect((await side.next("session.updated")).type).toBe("session.updated");
    main.ws.close();
    expect((await side.closed).code).toBe(1000);
  });

  it("other paths are refused before the upgrade", async () => {
    const s = await start();
    const ws = new WebSocket(s.url.replace("/v1/realtime", "/v1/other"), {
      headers: { Authorization: "Bearer sk-x-1234" },
    });
    const status = await new Promise<number | undefined>((resolve) => {
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode));
      ws.on("error", () => resolve(undefined));
    });
    expect(status).toBe(404);
  });

  it("never logs keys", async () => {
    const entries: LogEntry[] = [];
    const s = await start({ log: (e) => entries.push(e), apiKeys: ["sk-secret-value-1"] });
    await rejected(s, { key: "sk-wrong-value-2" });
    const ok = connect(s, { key: "sk-secret-value-1" });
    await ok.next();
    ok.ws.close();
    await ok.closed;
    expect(entries.length).toBeGreaterThan(0);
    const text = JSON.stringify(entries);
    expect(text).not.toContain("sk-secret-value-1");
    expect(text).not.toContain("sk-wrong-value-2");
  });
});

describe("framing errors are not fatal (§1)", () => {
  async function open() {
    const s = await start();
    const c = connect(s);
    await c.next("session.created");
    return c;
  }

  it("a binary frame gives invalid_event", async () => {
    const c = await open();
    c.ws.send(Buffer.from([1, 2, 3]));
    const e = await c.next();
    expect(e.error).toMatchObject({ type: "invalid_request_error", code: "invalid_event" });
    c.send({ type: "input_audio_buffer.clear" });
    expect((await c.next()).type).toBe("input_audio_buffer.cleared");
    c.ws.close();
  });

  it("text that is not JSON gives invalid_json", async () => {
    const c = await open();
    c.ws.send("{not json");
    expect((await c.next()).error).toMatchObject({ code: "invalid_json" });
    c.send({ type: "input_audio_buffer.clear" });
    expect((await c.next()).type).toBe("input_audio_buffer.cleared");
    c.ws.close();
  });

  it("an unknown type gives invalid_value with param type, listing the accepted types", async () => {
    const c = await open();
    c.send({ type: "transcription_session.update", event_id: "evt_mine" });
    const e = await c.next();
    expect(e.error).toMatchObject({ code: "invalid_value", param: "type", event_id: "evt_mine" });
    expect(String((e.error as { message: string }).message)).toContain("session.update");
    c.ws.close();
  });
});

describe("session.update", () => {
  async function open(options: MockServerOptions = {}) {
    const s = await start(options);
    const c = connect(s);
    const created = await c.next("session.created");
    return { c, created: created.session as Record<string, unknown> };
  }

  it("answers session.updated with the full effective config; only the sent fields change", async () => {
    const { c, created } = await open();
    c.send({
      type: "session.update",
      session: {
        type: "realtime",
        instructions: "Be brief.",
        audio: { output: { voice: "marin" } },
      },
    });
    const updated = (await c.next()).session as Record<string, unknown>;
    expect(updated).toMatchObject({
      ...created,
      instructions: "Be brief.",
      audio: {
        ...(created.audio as object),
        output: { format: { type: "audio/pcm", rate: 24000 }, voice: "marin", speed: 1 },
      },
    });
    c.ws.close();
  });

  it("an unknown session field: unknown_parameter with its param, and nothing is applied", async () => {
    const { c, created } = await open();
    c.send({
      type: "session.update",
      event_id: "e1",
      session: { type: "realtime", instructions: "changed", bogus_field: 1 },
    });
    const e = await c.next();
    expect(e.error).toMatchObject({
      code: "unknown_parameter",
      param: "session.bogus_field",
      event_id: "e1",
    });
    c.send({ type: "session.update", session: { type: "realtime" } });
    const after = await c.next();
    expect(after.type).toBe("session.updated");
    expect((after.session as Record<string, unknown>).instructions).toBe(created.instructions);
    c.ws.close();
  });

  it("a session without type: missing_required_parameter session.type", async () => {
    const { c } = await open();
    c.send({ type: "session.update", session: { instructions: "x" } });
    expect((await c.next()).error).toMatchObject({
      code: "missing_required_parameter",
      param: "session.type",
    });
    c.ws.close();
  });

  it("PCM at 16 kHz: integer_below_min_value", async () => {
    const { c } = await open();
    c.send({
      type: "session.update",
      session: {
        type: "realtime",
        audio: { input: { format: { type: "audio/pcm", rate: 16000 } } },
      },
    });
    const e = await c.next();
    expect(e.error).toMatchObject({
      code: "integer_below_min_value",
      param: "session.audio.input.format.rate",
    });
    expect(String((e.error as { message: string }).message)).toContain("24000");
    c.ws.close();
  });

  it("beta field names are unknown parameters whose message names the GA field", async () => {
    const { c } = await open();
    c.send({ type: "session.update", session: { type: "realtime", modalities: ["text"] } });
    const e = await c.next();
    expect(e.error).toMatchObject({ code: "unknown_parameter", param: "session.modalities" });
    expect(String((e.error as { message: string }).message)).toContain("output_modalities");
    c.ws.close();
  });

  it("the model cannot change", async () => {
    const { c } = await open();
    c.send({ type: "session.update", session: { type: "realtime", model: "gpt-realtime-mini" } });
    expect((await c.next()).error).toMatchObject({ param: "session.model" });
    c.send({ type: "session.update", session: { type: "realtime", model: "gpt-realtime" } });
    expect((await c.next()).type).toBe("session.updated");
    c.ws.close();
  });

  it("tracing cannot change once it is on", async () => {
    const { c } = await open();
    c.send({ type: "session.update", session: { type: "realtime", tracing: "auto" } });
    expect(((await c.next()).session as { tracing: unknown }).tracing).toBe("auto");
    c.send({ type: "session.update", session: { type: "realtime", tracing: null } });
    expect((await c.next()).error).toMatchObject({ param: "session.tracing" });
    c.ws.close();
  });

  it("turn_detection null turns VAD off; an object gets the defaults of its type", async () => {
    const { c } = await open();
    c.send({
      type: "session.update",
      session: { type: "realtime", audio: { input: { turn_detection: null } } },
    });
    const off = (await c.next()).session as { audio: { input: { turn_detection: unknown } } };
    expect(off.audio.input.turn_detection).toBeNull();
    c.send({
      type: "session.update",
      session: {
        type: "realtime",
        audio: { input: { turn_detection: { type: "server_vad", threshold: 0.7 } } },
      },
    });
    const on = (await c.next()).session as { audio: { input: { turn_detection: unknown } } };
    expect(on.audio.input.turn_detection).toEqual({
      type: "server_vad",
      threshold: 0.7,
      prefix_padding_ms: 300,
      silence_duration_ms: 200,
      idle_timeout_ms: null,
      create_response: true,
      interrupt_response: true,
    });
    c.ws.close();
  });

  it("session.updated can be delayed like the real service", async () => {
    const { c } = await open({ sessionUpdateDelayMs: 20 });
    c.send({ type: "session.update", session: { type: "realtime" } });
    c.send({ type: "input_audio_buffer.clear" });
    const order: Ev[] = [await c.next(), await c.next()];
    expect(order.map((e) => e.type)).toEqual(["input_audio_buffer.cleared", "session.updated"]);
    c.ws.close();
  });
});

describe("liveness and limits", () => {
  it("pings every pingIntervalMs", async () => {
    const s = await start({ pingIntervalMs: 30 });
    const c = connect(s);
    await c.next("session.created");
    await new Promise<void>((resolve) => c.ws.once("ping", () => resolve()));
    c.ws.close();
  });

  it("drops a client that does not answer pings", async () => {
    const s = await start({ pingIntervalMs: 30 });
    const ws = new WebSocket(`${s.url}?model=gpt-realtime`, {
      headers: { Authorization: "Bearer sk-test-1234" },
      autoPong: false,
    });
    const close = await new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
    expect(close).toBe(1006);
  });

  it("closes with 1001 at the session limit", async () => {
    const s = await start({ maxSessionMs: 60 });
    const c = connect(s);
    await c.next("session.created");
    const close = await c.closed;
    expect(close.code).toBe(1001);
    expect(close.reason).toMatch(/^Your session hit the maximum duration of .+\.$/);
  });

  it("uses the documented 60-minute text by default", async () => {
    const s = await start();
    const c = connect(s);
    const created = await c.next("session.created");
    const handle = await s.nextSession();
    expect((handle.config as { expires_at: number }).expires_at).toBe(
      (created.session as { expires_at: number }).expires_at,
    );
    c.ws.close();
  });
});
