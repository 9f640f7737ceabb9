import { afterEach, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../src/index.js";
import { connect } from "./client.js";
import { channelEvents, makeOffer } from "./webrtc-peer.js";

const KEY = "sk-test-webrtc-key";
let server: MockServer | undefined;
const peers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const p of peers.splice(0)) await p.close();
  await server?.close();
  server = undefined;
});

async function start(options: Parameters<typeof startMockServer>[0] = {}) {
  server = await startMockServer(options);
  return server;
}

async function mint(s: MockServer, seconds = 600, session?: object): Promise<string> {
  const res = await fetch(`${s.httpUrl}/v1/realtime/client_secrets`, {
    method: "POST",
    headers: { Authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({
      expires_after: { anchor: "created_at", seconds },
      ...(session ? { session } : {}),
    }),
  });
  return ((await res.json()) as { value: string }).value;
}

function post(s: MockServer, body: BodyInit, headers: Record<string, string>) {
  return fetch(s.callsUrl, { method: "POST", body, headers });
}

async function errorOf(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/json");
  return ((await res.json()) as { error: { message: string; code: string | null; type: string } })
    .error;
}

describe("POST /v1/realtime/calls", () => {
  it("answers an ephemeral-key SDP offer: 201, application/sdp, Location; the data channel speaks first with session.created", async () => {
    const s = await start();
    const secret = await mint(s, 600, { type: "realtime", instructions: "From the secret." });
    const offer = await makeOffer();
    peers.push(offer.pc);
    const events = channelEvents(offer.dc);
    const res = await post(s, offer.sdp, {
      Authorization: `Bearer ${secret}`,
      "content-type": "application/sdp",
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/sdp");
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/^\/v1\/realtime\/calls\/rtc_[A-Za-z0-9_]+$/);
    const answer = await res.text();
    expect(answer).toMatch(/^v=0\r\n/);
    expect(answer).toContain("m=audio");
    expect(answer).toContain("webrtc-datachannel");
    await offer.pc.setRemoteDescription({ type: "answer", sdp: answer });
    const created = await events.next("session.created");
    expect((created.session as { instructions?: string }).instructions).toBe("From the secret.");
    expect(s.calls.has(location.split("/").at(-1) ?? "")).toBe(true);
  });

  it("output_audio_buffer.clear works on the data channel (cleared) and is an error on the WebSocket", async () => {
    const s = await start();
    const offer = await makeOffer();
    peers.push(offer.pc);
    const events = channelEvents(offer.dc);
    const res = await post(s, offer.sdp, {
      Authorization: `Bearer ${await mint(s)}`,
      "content-type": "application/sdp",
    });
    await offer.pc.setRemoteDescription({ type: "answer", sdp: await res.text() });
    await events.next("session.created");
    offer.dc.send(
      JSON.stringify({
        type: "conversation.item.create",
        item: {
          type: "message",
          role: "user",
          content: [{ type: "input_text", text: "a long enough sentence to speak for a while" }],
        },
      }),
    );
    offer.dc.send(JSON.stringify({ type: "response.create" }));
    const started = await events.next("output_audio_buffer.started");
    offer.dc.send(JSON.stringify({ type: "output_audio_buffer.clear" }));
    const cleared = await events.next("output_audio_buffer.cleared");
    expect(cleared.response_id).toBe(started.response_id);
    // The audio never travelled as deltas on the channel, and it never finished playing.
    expect(events.seen.some((e) => e.type === "response.output_audio.delta")).toBe(false);
    expect(events.seen.some((e) => e.type === "output_audio_buffer.stopped")).toBe(false);

    const ws = connect(s);
    await ws.next("session.created");
    ws.send({ type: "output_audio_buffer.clear", event_id: "evt_clear" });
    const err = await ws.next("error");
    expect(err.error).toMatchObject({
      code: "invalid_value",
      param: "type",
      event_id: "evt_clear",
    });
    ws.ws.close();
  });

  it("the unified interface: a standard key with multipart sdp + session", async () => {
    const s = await start();
    const offer = await makeOffer();
    peers.push(offer.pc);
    const events = channelEvents(offer.dc);
    const form = new FormData();
    form.set("sdp", new Blob([offer.sdp], { type: "application/sdp" }));
    form.set(
      "session",
      new Blob(
        [JSON.stringify({ type: "realtime", model: "gpt-realtime", instructions: "Unified." })],
        { type: "application/json" },
      ),
    );
    const res = await fetch(s.callsUrl, {
      method: "POST",
      body: form,
      headers: { Authorization: `Bearer ${KEY}` },
    });
    expect(res.status).toBe(201);
    await offer.pc.setRemoteDescription({ type: "answer", sdp: await res.text() });
    const created = await events.next("session.created");
    expect((created.session as { instructions?: string }).instructions).toBe("Unified.");
  });

  it("sideband: a WebSocket with ?call_id= joins the call's session; hangup ends both", async () => {
    const s = await start();
    const offer = await makeOffer();
    peers.push(offer.pc);
    const events = channelEvents(offer.dc);
    const res = await post(s, offer.sdp, {
      Authorization: `Bearer ${await mint(s)}`,
      "content-type": "application/sdp",
    });
    const id = res.headers.get("location")?.split("/").at(-1) ?? "";
    const closed = new Promise<void>((r) =>
      offer.dc.stateChanged.subscribe((st) => st === "closed" && r()),
    );
    await offer.pc.setRemoteDescription({ type: "answer", sdp: await res.text() });
    const created = await events.next("session.created");
    const side = connect(s, { query: `call_id=${id}` });
    const sideCreated = await side.next("session.created");
    expect((sideCreated.session as { id: string }).id).toBe((created.session as { id: string }).id);
    side.send({
      type: "session.update",
      session: { type: "realtime", instructions: "From the side." },
    });
    await events.next("session.updated");
    const hang = await fetch(`${s.callsUrl}/${id}/hangup`, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}` },
    });
    expect(hang.status).toBe(200);
    await closed;
    expect((await side.closed).code).toBe(1000);
  });

  it("hangup() closes the data channel first: the client sees its channel close while the peer is still connected", async () => {
    const s = await start();
    const offer = await makeOffer();
    peers.push(offer.pc);
    const events = channelEvents(offer.dc);
    const nextCall = s.nextCall();
    const res = await post(s, offer.sdp, {
      Authorization: `Bearer ${await mint(s)}`,
      "content-type": "application/sdp",
    });
    await offer.pc.setRemoteDescription({ type: "answer", sdp: await res.text() });
    await events.next("session.created");
    const handle = await nextCall;
    const order: string[] = [];
    offer.pc.connectionStateChange.subscribe((state) => order.push(`peer ${state}`));
    const channelClosed = new Promise<void>((resolve) =>
      offer.dc.stateChanged.subscribe((state) => {
        if (state !== "closed") return;
        order.push(`channel closed (peer ${offer.pc.connectionState})`);
        resolve();
      }),
    );
    void handle.ended.then(() => order.push("call ended"));
    handle.hangup();
    await channelClosed;
    await handle.ended;
    // The SCTP stream reset reached the client while the peer connection was up, and the mock
    // closed its peer only after that (a browser sees the hang-up at once instead of when ICE
    // consent fails, seconds later).
    expect(order).toEqual(["channel closed (peer connected)", "call ended"]);
    expect(s.calls.size).toBe(0);
  });
});

describe("errors with the real statuses and JSON bodies", () => {
  it("401 without a key, with a wrong key, and with an expired client secret", async () => {
    let now = Date.now();
    const s = await start({ apiKeys: [KEY], now: () => now });
    const { sdp, pc } = await makeOffer();
    peers.push(pc);
    const none = await post(s, sdp, { "content-type": "application/sdp" });
    expect(none.status).toBe(401);
    expect((await errorOf(none)).message).toMatch(/didn't provide an API key/);
    const wrong = await post(s, sdp, {
      Authorization: "Bearer sk-not-this-one",
      "content-type": "application/sdp",
    });
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).code).toBe("invalid_api_key");
    const secret = await mint(s, 10);
    now += 10_001;
    const expired = await post(s, sdp, {
      Authorization: `Bearer ${secret}`,
      "content-type": "application/sdp",
    });
    expect(expired.status).toBe(401);
    const e = await errorOf(expired);
    expect(e.code).toBe("invalid_api_key");
    expect(e.message).not.toContain(secret);
  });

  it("400 for bad SDP, an offer without a data channel, a wrong content type, a bad session part, the beta header", async () => {
    const s = await start();
    const auth = { Authorization: `Bearer ${await mint(s)}` };
    const notSdp = await post(s, "hello", { ...auth, "content-type": "application/sdp" });
    expect(notSdp.status).toBe(400);
    expect(await errorOf(notSdp)).toMatchObject({
      code: "invalid_offer",
      type: "invalid_request_error",
    });
    const { sdp, pc } = await makeOffer();
    peers.push(pc);
    const noChannel = await post(s, sdp.split(/\r\nm=application/)[0] ?? "", {
      ...auth,
      "content-type": "application/sdp",
    });
    expect(noChannel.status).toBe(400);
    expect((await errorOf(noChannel)).message).toMatch(/data channel/);
    const text = await post(s, sdp, { ...auth, "content-type": "text/plain" });
    expect(text.status).toBe(400);
    const form = new FormData();
    form.set("sdp", sdp);
    form.set("session", JSON.stringify({ type: "realtime", bogus_field: 1 }));
    const badSession = await fetch(s.callsUrl, {
      method: "POST",
      body: form,
      headers: { Authorization: `Bearer ${KEY}` },
    });
    expect(badSession.status).toBe(400);
    expect((await errorOf(badSession)).message).toMatch(/bogus_field/);
    const beta = await post(s, sdp, {
      ...auth,
      "content-type": "application/sdp",
      "OpenAI-Beta": "realtime=v1",
    });
    expect(beta.status).toBe(400);
    expect((await errorOf(beta)).code).toBe("beta_api_shape_disabled");
    expect(s.calls.size).toBe(0);
  });

  it("answers the CORS preflight a browser sends, and exposes Location", async () => {
    const s = await start();
    const pre = await fetch(s.callsUrl, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:5173",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-headers")).toContain("authorization");
    const { sdp, pc } = await makeOffer();
    peers.push(pc);
    const res = await post(s, sdp, {
      Authorization: `Bearer ${await mint(s)}`,
      "content-type": "application/sdp",
    });
    expect(res.headers.get("access-control-expose-headers")).toContain("location");
    const denied = await post(s, sdp, { "content-type": "application/sdp" });
    expect(denied.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("404 for hanging up an unknown call and for other methods", async () => {
    const s = await start();
    const hang = await fetch(`${s.callsUrl}/rtc_nope/hangup`, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}` },
    });
    expect(hang.status).toBe(404);
    expect((await errorOf(hang)).code).toBe("call_not_found");
    const get = await fetch(s.callsUrl, { headers: { Authorization: `Bearer ${KEY}` } });
    expect(get.status).toBe(404);
  });
});
