import type { LogEntry, SessionEvent } from "@echo/core";
import { takeUntil } from "@echo/core/testing";
import { type MockServer, pcm16SpeechLike, startMockServer } from "@echo/mock-server";
import { afterEach, describe, expect, it } from "vitest";
import { connect, HeartbeatTimeoutError, TransportDisconnectedError } from "../src/index.js";
import { askText, drain } from "./helpers/events.js";

const KEY = "sk-proj-e2eSECRETkey0123456789";
let mock: MockServer | undefined;

afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

function errorOf(ev: SessionEvent | undefined) {
  if (ev?.type !== "error") throw new Error(`expected an error event, got ${ev?.type}`);
  return ev.error;
}

describe("conversation over real sockets", () => {
  it("a text turn: session.created, session.update, streamed text deltas, response.done", async () => {
    mock = await startMockServer();
    const session = await connect({ url: mock.url, apiKey: KEY });
    const first = await session.take();
    expect(first?.type).toBe("session.created");
    await session.put({
      type: "session.update",
      session: { type: "realtime", output_modalities: ["text"], instructions: "Be brief." },
    });
    await takeUntil(session, "session.updated");
    await askText(session, "hello over the wire");
    const events = await takeUntil(session, "response.done");
    const deltas = events.flatMap((e) =>
      e.type === "response.output_text.delta" ? [e.delta] : [],
    );
    expect(deltas.length).toBeGreaterThan(0);
    const done = events.find((e) => e.type === "response.output_text.done");
    expect(done?.type === "response.output_text.done" && done.text).toBe(deltas.join(""));
    expect(deltas.join("")).toContain("hello over the wire");
    const responseDone = events.at(-1);
    expect(responseDone?.type === "response.done" && responseDone.response.status).toBe(
      "completed",
    );
    expect(await session.close()).toEqual({ kind: "client", code: 1000, reason: "" });
  });

  it("an audio turn: appended PCM16 audio comes back as audio deltas with a transcript", async () => {
    mock = await startMockServer();
    const session = await connect({ url: mock.url, apiKey: KEY });
    await takeUntil(session, "session.created");
    await session.put({
      type: "session.update",
      session: { type: "realtime", audio: { input: { turn_detection: null } } },
    });
    await takeUntil(session, "session.updated");
    const speech = pcm16SpeechLike(600);
    // 20 ms chunks, as a microphone would send them.
    for (let i = 0; i < speech.length; i += 480) {
      const chunk = speech.subarray(i, i + 480);
      const audio = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString(
        "base64",
      );
      await session.put({ type: "input_audio_buffer.append", audio });
    }
    await session.put({ type: "input_audio_buffer.commit" });
    await takeUntil(session, "input_audio_buffer.committed");
    await session.put({ type: "response.create" });
    const events = await takeUntil(session, "response.done");
    const audioBytes = events.reduce(
      (n, e) =>
        e.type === "response.output_audio.delta" ? n + Buffer.from(e.delta, "base64").length : n,
      0,
    );
    expect(audioBytes).toBe(speech.byteLength);
    expect(events.some((e) => e.type === "response.output_audio_transcript.done")).toBe(true);
    await session.close();
  });
});

describe("ways in", () => {
  it("an ephemeral ek_ client secret minted by the server works as a Bearer key in Node", async () => {
    mock = await startMockServer();
    const res = await fetch(`${mock.httpUrl}/v1/realtime/client_secrets`, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({ session: { type: "realtime", model: "gpt-realtime" } }),
    });
    const { value } = (await res.json()) as { value: string };
    const session = await connect({ url: mock.url, apiKey: value, model: null });
    expect((await session.take())?.type).toBe("session.created");
    await session.close();
  });

  it("sideband: callId attaches with call_id instead of model", async () => {
    mock = await startMockServer();
    const session = await connect({ url: mock.url, apiKey: KEY, callId: "rtc_u1_abc" });
    expect((await session.take())?.type).toBe("session.created");
    await session.close();
  });
});

describe("§1 error and close paths, client side", () => {
  it("a wrong key: the error event first, then closed with { kind: 'auth', code: 3000 }", async () => {
    mock = await startMockServer({ apiKeys: ["sk-the-only-good-key"] });
    const logs: LogEntry[] = [];
    const session = await connect({ url: mock.url, apiKey: KEY, log: (e) => logs.push(e) });
    const events = await drain(session);
    expect(events.length).toBe(1);
    expect(errorOf(events[0]).code).toBe("invalid_api_key");
    const reason = await session.closed;
    expect(reason).toEqual({
      kind: "auth",
      code: 3000,
      reason: "invalid_request_error.invalid_api_key",
    });
    expect(JSON.stringify(logs)).not.toContain("SECRET");
  });

  it("a missing model: error missing_model, then { kind: 'bad_request', code: 4000 }", async () => {
    mock = await startMockServer();
    const session = await connect({ url: mock.url, apiKey: KEY, model: null });
    const events = await drain(session);
    expect(errorOf(events[0]).code).toBe("missing_model");
    expect(await session.closed).toMatchObject({ kind: "bad_request", code: 4000 });
  });

  it("an unknown model: error invalid_model, then bad_request", async () => {
    mock = await startMockServer();
    const session = await connect({ url: mock.url, apiKey: KEY, model: "gpt-nonexistent" });
    const events = await drain(session);
    expect(errorOf(events[0]).code).toBe("invalid_model");
    expect(await session.closed).toMatchObject({ kind: "bad_request", code: 4000 });
  });

  it("the retired beta header passed in `headers`: beta_api_shape_disabled, then bad_request", async () => {
    mock = await startMockServer();
    const session = await connect({
      url: mock.url,
      apiKey: KEY,
      headers: { "OpenAI-Beta": "realtime=v1" },
    });
    const events = await drain(session);
    expect(errorOf(events[0]).code).toBe("beta_api_shape_disabled");
    expect(await session.closed).toEqual({
      kind: "bad_request",
      code: 4000,
      reason: "invalid_request_error.beta_api_shape_disabled",
    });
  });

  it("the session time limit: closed with { kind: 'expired', code: 1001 }", async () => {
    mock = await startMockServer({ maxSessionMs: 50 });
    const session = await connect({ url: mock.url, apiKey: KEY });
    const events = await drain(session);
    expect(events[0]?.type).toBe("session.created");
    const reason = await session.closed;
    expect(reason).toMatchObject({ kind: "expired", code: 1001 });
    if (reason.kind === "expired") expect(reason.reason).toContain("maximum duration");
  });

  it("a dropped connection: { kind: 'network', code: 1006 }", async () => {
    mock = await startMockServer({ faults: [{ when: { on: "open" }, action: { kind: "drop" } }] });
    const session = await connect({ url: mock.url, apiKey: KEY });
    await drain(session);
    expect(await session.closed).toMatchObject({ kind: "network", code: 1006 });
  });

  it("a stalled server: the heartbeat times out with { kind: 'network' }", async () => {
    mock = await startMockServer({ faults: [{ when: { on: "open" }, action: { kind: "stall" } }] });
    const session = await connect({
      url: mock.url,
      apiKey: KEY,
      heartbeat: { intervalMs: 10, timeoutMs: 30 },
    });
    await drain(session);
    const reason = await session.closed;
    expect(reason.kind).toBe("network");
    if (reason.kind === "network") expect(reason.error).toBeInstanceOf(HeartbeatTimeoutError);
  });

  it("a server close (1000) after the session: { kind: 'server' }", async () => {
    mock = await startMockServer();
    const session = await connect({ url: mock.url, apiKey: KEY });
    const handle = await mock.nextSession();
    handle.close(1000, "bye");
    await drain(session);
    expect(await session.closed).toEqual({ kind: "server", code: 1000, reason: "bye" });
  });

  it("aborting the signal closes the session with { kind: 'aborted' }", async () => {
    mock = await startMockServer();
    const ac = new AbortController();
    const session = await connect({ url: mock.url, apiKey: KEY, signal: ac.signal });
    await takeUntil(session, "session.created");
    const handle = await mock.nextSession();
    ac.abort("user left");
    expect(await session.closed).toEqual({ kind: "aborted", reason: "user left" });
    expect((await handle.ended).code).toBe(1000);
  });

  it("an aborted signal rejects connect() with its reason", async () => {
    mock = await startMockServer();
    const reason = new Error("never mind");
    await expect(
      connect({ url: mock.url, apiKey: KEY, signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
  });

  it("reconnects after a drop into a new session (stateRestored: false) and goes on", async () => {
    mock = await startMockServer();
    const logs: LogEntry[] = [];
    const session = await connect({
      url: mock.url,
      apiKey: KEY,
      reconnect: { initialDelayMs: 1, jitter: 0 },
      log: (e) => logs.push(e),
    });
    await takeUntil(session, "session.created");
    const first = await mock.nextSession();
    first.fault({ kind: "drop" });
    const events = await takeUntil(session, "session.created");
    expect(events.map((e) => e.type)).toEqual([
      "transport.reconnecting",
      "transport.reconnected",
      "session.created",
    ]);
    expect(events[1]).toEqual({ type: "transport.reconnected", attempt: 1, stateRestored: false });
    await askText(session, "still there?");
    const reply = await takeUntil(session, "response.done");
    expect(reply.some((e) => e.type === "response.output_audio_transcript.delta")).toBe(true);
    await session.close();
    expect(logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining(["transport.open", "transport.lost", "transport.reconnecting"]),
    );
    expect(JSON.stringify(logs)).not.toContain("SECRET");
  });

  it("a put while reconnecting rejects with TransportDisconnectedError and the session stays open", async () => {
    mock = await startMockServer();
    const session = await connect({
      url: mock.url,
      apiKey: KEY,
      reconnect: { initialDelayMs: 100, jitter: 0 },
    });
    await takeUntil(session, "session.created");
    (await mock.nextSession()).fault({ kind: "drop" });
    await takeUntil(session, "transport.reconnecting");
    const error = await session.put({ type: "response.create" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportDisconnectedError);
    await takeUntil(session, "session.created");
    await askText(session, "after the outage");
    const reply = await takeUntil(session, "response.done");
    expect(reply.some((e) => e.type === "response.output_audio_transcript.delta")).toBe(true);
    const second = await mock.nextSession();
    // The refused response.create never reached either server session.
    expect(
      second.received.filter((e) => JSON.stringify(e).includes("response.create")),
    ).toHaveLength(1);
    await session.close();
  });
});
