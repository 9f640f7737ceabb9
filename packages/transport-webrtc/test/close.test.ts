import type { AudioSink, AudioSource, CloseReason, TransportHandlers } from "@echo/core";
import { createFakeSpeaker, takeUntil } from "@echo/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { RTCPeerConnection } from "werift";
import {
  createWebRtcTransport,
  IceFailedError,
  MessageTooLargeError,
  TransportClosedError,
} from "../src/index.js";
import { hangupCall } from "../src/server/index.js";
import { call, KEY, mint, startMock } from "./helpers/mock.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function handlers(frames: string[] = []): TransportHandlers {
  return { message: (d) => frames.push(d), local: () => {}, closed: () => {} };
}

describe("how a call ends", () => {
  it("the server hanging up closes the session with { kind: 'server', code: 1000 }, after the frames sent before it", async () => {
    const mock = await startMock(cleanups);
    const nextCall = mock.nextCall();
    const session = await call(mock);
    const handle = await nextCall;
    const server = await handle.session;
    server.sendRaw(JSON.stringify({ type: "test.last", event_id: "event_last" }));
    handle.hangup();
    expect(await session.closed).toMatchObject({ kind: "server", code: 1000 });
    const types: string[] = [];
    for await (const ev of session) types.push(ev.type);
    expect(types.at(-1)).toBe("test.last");
    await handle.ended;
    expect(mock.calls.size).toBe(0);
  });

  it("POST /calls/{id}/hangup from the user's server (hangupCall) ends the call in the browser", async () => {
    const mock = await startMock(cleanups);
    const session = await call(mock);
    await hangupCall({ callId: session.callId ?? "", apiKey: KEY, baseUrl: mock.httpUrl });
    expect((await session.closed).kind).toBe("server");
  });

  it("session.hangup() posts the hangup and closes; the mock's call ends too", async () => {
    const mock = await startMock(cleanups);
    const nextCall = mock.nextCall();
    const session = await call(mock);
    const handle = await nextCall;
    const reason = await session.hangup();
    expect(reason).toMatchObject({ kind: "client", code: 1000 });
    await handle.ended;
    await expect(session.put({ type: "response.create" })).rejects.toThrow(/closed/);
  });

  it("a client close ends the mock's session", async () => {
    const mock = await startMock(cleanups);
    const nextCall = mock.nextCall();
    const session = await call(mock);
    const server = await (await nextCall).session;
    await session.close();
    expect((await server.ended).code).toBe(1000);
  });

  it("a server that vanishes mid-call (no close at all) ends the session with { kind: 'network' } once ICE fails", async () => {
    const mock = await startMock(cleanups);
    const nextCall = mock.nextCall();
    const session = await call(mock);
    (await nextCall).vanish();
    const reason = await session.closed;
    expect(reason.kind).toBe("network");
    if (reason.kind === "network") expect(reason.error).toBeInstanceOf(IceFailedError);
  }, 60_000);

  it("everything the call made is released on close: the source is unsubscribed, the speaker stopped", async () => {
    const mock = await startMock(cleanups);
    let subscribed = 0;
    let unsubscribed = 0;
    const source: AudioSource = {
      subscribe(_sink: AudioSink) {
        subscribed++;
        return () => {
          unsubscribed++;
        };
      },
    };
    const speaker = createFakeSpeaker();
    const session = await call(mock, { audio: source, speaker });
    expect(subscribed).toBe(1);
    expect(unsubscribed).toBe(0);
    await session.close();
    expect(unsubscribed).toBe(1);
    expect(speaker.stops).toBeGreaterThan(0);
  });
});

describe("sending", () => {
  it("sends made before the data channel is open are held, then delivered in order", async () => {
    const mock = await startMock(cleanups);
    const transport = createWebRtcTransport(await mint(mock), {
      url: mock.callsUrl,
      RTCPeerConnection,
    });
    const nextCall = mock.nextCall();
    const opening = transport.open(handlers());
    const early = [1, 2, 3].map((n) =>
      transport.send(JSON.stringify({ type: "input_audio_buffer.clear", event_id: `early_${n}` })),
    );
    await opening;
    await Promise.all(early);
    const handle = await nextCall;
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(JSON.parse(await handle.nextFrame()).event_id);
    expect(ids).toEqual(["early_1", "early_2", "early_3"]);
    await transport.close();
  });

  it("backpressure: with a tiny high-water mark every send waits for the channel to drain, and all arrive", async () => {
    const mock = await startMock(cleanups);
    const transport = createWebRtcTransport(await mint(mock), {
      url: mock.callsUrl,
      RTCPeerConnection,
      highWaterMark: 1,
    });
    const nextCall = mock.nextCall();
    await transport.open(handlers());
    const audio = "A".repeat(40_000);
    for (let i = 0; i < 10; i++) {
      await transport.send(
        JSON.stringify({ type: "input_audio_buffer.append", audio, event_id: `bp_${i}` }),
      );
    }
    const handle = await nextCall;
    for (let i = 0; i < 10; i++)
      expect(JSON.parse(await handle.nextFrame()).event_id).toBe(`bp_${i}`);
    await transport.close();
  });

  it("an event over the channel's max message size is refused with MessageTooLargeError, and the call goes on", async () => {
    const mock = await startMock(cleanups);
    const session = await call(mock);
    const err = await session
      .put({ type: "input_audio_buffer.append", audio: "A".repeat(70_000) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MessageTooLargeError);
    expect((err as MessageTooLargeError).limit).toBe(65_536);
    await session.put({ type: "input_audio_buffer.clear" });
    await takeUntil(session, "input_audio_buffer.cleared");
    await session.close();
  });

  it("send before open and after close reject with TransportClosedError", async () => {
    const mock = await startMock(cleanups);
    const transport = createWebRtcTransport(await mint(mock), {
      url: mock.callsUrl,
      RTCPeerConnection,
    });
    const early = await transport.send("{}").catch((e: unknown) => e);
    expect(early).toBeInstanceOf(TransportClosedError);
    expect(early).toMatchObject({ kind: "usage", reason: undefined });
    await transport.open(handlers());
    await transport.close();
    const late = await transport.send("{}").catch((e: unknown) => e);
    expect(late).toBeInstanceOf(TransportClosedError);
    expect(late).toMatchObject({ kind: "usage", reason: { kind: "client", code: 1000 } });
  });

  it("a send after the server hung up rejects with a TransportClosedError of kind 'fault' (not the caller's mistake)", async () => {
    const mock = await startMock(cleanups);
    const transport = createWebRtcTransport(await mint(mock), {
      url: mock.callsUrl,
      RTCPeerConnection,
    });
    const nextCall = mock.nextCall();
    let closedBy: (reason: CloseReason) => void = () => {};
    const closed = new Promise<CloseReason>((resolve) => {
      closedBy = resolve;
    });
    await transport.open({ message: () => {}, local: () => {}, closed: (r) => closedBy(r) });
    (await nextCall).hangup();
    expect(await closed).toMatchObject({ kind: "server", code: 1000 });
    const err = await transport.send("{}").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportClosedError);
    expect(err).toMatchObject({
      code: "transport_closed",
      kind: "fault",
      reason: { kind: "server", code: 1000 },
    });
  });
});
