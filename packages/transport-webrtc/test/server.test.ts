import type { LogEntry } from "@echo/core";
import { takeUntil } from "@echo/core/testing";
import { connect as connectWs } from "@echo/transport-ws";
import { afterEach, describe, expect, it } from "vitest";
import { RTCPeerConnection } from "werift";
import { connect, InvalidWebRtcOptionsError, RealtimeHttpError } from "../src/index.js";
import { createCall, createClientSecret } from "../src/server/index.js";
import { KEY, startMock } from "./helpers/mock.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("createClientSecret (the user's server)", () => {
  it("mints a secret that opens a call with the session it was minted with", async () => {
    const mock = await startMock(cleanups);
    const secret = await createClientSecret({
      apiKey: KEY,
      baseUrl: `${mock.httpUrl}/`,
      session: { type: "realtime", instructions: "Minted instructions." },
      expiresAfter: 60,
    });
    expect(secret.value).toMatch(/^ek_/);
    expect(secret.expiresAt - Date.now() / 1000).toBeGreaterThan(50);
    const session = await connect(secret.value, { url: mock.callsUrl, RTCPeerConnection });
    cleanups.push(async () => void (await session.close()));
    const created = await session.take();
    expect(
      created?.type === "session.created" &&
        (created.session as { instructions?: string }).instructions,
    ).toBe("Minted instructions.");
  });

  it("errors carry the status and message; the key is never in them or in logs", async () => {
    const mock = await startMock(cleanups, { apiKeys: [KEY] });
    const wrong = "sk-proj-wrongKEYwrongKEY000000";
    const err = await createClientSecret({ apiKey: wrong, baseUrl: mock.httpUrl }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RealtimeHttpError);
    expect((err as RealtimeHttpError).status).toBe(401);
    expect((err as Error).message).not.toContain(wrong);
    const bad = await createClientSecret({
      apiKey: KEY,
      baseUrl: mock.httpUrl,
      session: { type: "realtime", bogus: 1 },
    }).catch((e: unknown) => e);
    expect((bad as RealtimeHttpError).status).toBe(400);
    expect((bad as RealtimeHttpError).serverMessage).toMatch(/bogus/);
    await expect(createClientSecret({ apiKey: KEY, expiresAfter: 5 })).rejects.toBeInstanceOf(
      InvalidWebRtcOptionsError,
    );
  });
});

describe("createCall: the unified interface (multipart sdp + session with the standard key)", () => {
  it("forwards a browser's offer and returns the answer and call id; the call runs with that session", async () => {
    const mock = await startMock(cleanups);
    // Stand-in for the browser: the SDP goes through "our server" (createCall) instead of fetch.
    const logs: LogEntry[] = [];
    let callId: string | undefined;
    const viaServer: typeof fetch = async (_url, init) => {
      const answer = await createCall({
        sdp: String(init?.body),
        session: { type: "realtime", model: "gpt-realtime", instructions: "Unified." },
        apiKey: KEY,
        baseUrl: mock.httpUrl,
      });
      callId = answer.callId;
      return new Response(answer.sdp, {
        status: 201,
        headers: {
          "content-type": "application/sdp",
          location: `/v1/realtime/calls/${answer.callId}`,
        },
      });
    };
    const session = await connect("ek_unusedByTheUnifiedFlow000", {
      url: "http://127.0.0.1:1/our-server/session",
      RTCPeerConnection,
      fetch: viaServer,
      log: (e) => logs.push(e),
    });
    cleanups.push(async () => void (await session.close()));
    expect(callId).toMatch(/^rtc_/);
    expect(session.callId).toBe(callId);
    const created = await session.take();
    expect(
      created?.type === "session.created" &&
        (created.session as { instructions?: string }).instructions,
    ).toBe("Unified.");
    expect(JSON.stringify(logs)).not.toContain(KEY);
  });

  it("a bad session part is a 400 with the server's message", async () => {
    const mock = await startMock(cleanups);
    const pc = new RTCPeerConnection({ iceServers: [] });
    pc.createDataChannel("oai-events");
    pc.addTransceiver("audio", { direction: "sendrecv" });
    await pc.setLocalDescription(await pc.createOffer());
    const err = await createCall({
      sdp: pc.localDescription?.sdp ?? "",
      session: { type: "realtime", model: "no-such-model" },
      apiKey: KEY,
      baseUrl: mock.httpUrl,
    }).catch((e: unknown) => e);
    await pc.close();
    expect((err as RealtimeHttpError).status).toBe(400);
    expect((err as RealtimeHttpError).serverCode).toBe("invalid_model");
  });
});

describe("sideband: a server-side WebSocket attached to the same call by call_id", () => {
  it("sees the call's events and its session.update reaches the browser's session", async () => {
    const mock = await startMock(cleanups);
    const secret = await createClientSecret({ apiKey: KEY, baseUrl: mock.httpUrl });
    const browser = await connect(secret.value, { url: mock.callsUrl, RTCPeerConnection });
    cleanups.push(async () => void (await browser.close()));
    const browserCreated = await browser.take();
    const sideband = await connectWs({ url: mock.url, apiKey: KEY, callId: browser.callId });
    cleanups.push(async () => void (await sideband.close()));
    const sideCreated = await sideband.take();
    expect(sideCreated?.type).toBe("session.created");
    expect(sideCreated?.type === "session.created" && sideCreated.session.id).toBe(
      browserCreated?.type === "session.created" ? browserCreated.session.id : "?",
    );
    await sideband.put({
      type: "session.update",
      session: { type: "realtime", instructions: "Set by the sideband." },
    });
    const seen = await takeUntil(browser, "session.updated");
    const updated = seen.at(-1);
    expect(
      updated?.type === "session.updated" &&
        (updated.session as { instructions?: string }).instructions,
    ).toBe("Set by the sideband.");
    await takeUntil(sideband, "session.updated");
    // The browser hangs up: the sideband ends with the call.
    await browser.hangup();
    expect((await sideband.closed).kind).toBe("server");
  });
});
