import type { AudioSink, AudioSource, LogEntry } from "@echo/core";
import { takeUntil } from "@echo/core/testing";
import { pcm16SpeechLike } from "@echo/mock-server";
import { afterEach, describe, expect, it } from "vitest";
import { RTCPeerConnection } from "werift";
import { connect, InsecureApiKeyError } from "../src/index.js";
import { platform as nodePlatform } from "../src/platform/node.js";
import type { Platform } from "../src/platform/types.js";
import { WebRtcTransport } from "../src/transport.js";
import { askText } from "./helpers/events.js";
import { call, mint, startMock } from "./helpers/mock.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("connect() against the mock over WebRTC (werift)", () => {
  it("resolves after session.created, has the call id, and a text turn completes", async () => {
    const mock = await startMock(cleanups);
    const session = await call(mock);
    cleanups.push(async () => void (await session.close()));
    expect(session.callId).toMatch(/^rtc_/);
    expect(mock.calls.has(session.callId ?? "")).toBe(true);
    const first = await session.take();
    expect(first?.type).toBe("session.created");
    await session.put({
      type: "session.update",
      session: { type: "realtime", output_modalities: ["text"] },
    });
    await takeUntil(session, "session.updated");
    await askText(session, "hello over webrtc");
    const events = await takeUntil(session, "response.done");
    const text = events.flatMap((e) => (e.type === "response.output_text.delta" ? [e.delta] : []));
    expect(text.join("")).toContain("hello over webrtc");
    const reason = await session.close();
    expect(reason.kind).toBe("client");
  });
});

describe("secrets and mute", () => {
  it("the client secret appears in no log entry of a whole call", async () => {
    const mock = await startMock(cleanups);
    const logs: LogEntry[] = [];
    const secret = await mint(mock);
    const session = await connect(secret, {
      url: mock.callsUrl,
      RTCPeerConnection,
      log: (e) => logs.push(e),
    });
    await session.take();
    await session.hangup();
    expect(logs.length).toBeGreaterThan(2);
    expect(JSON.stringify(logs)).not.toContain(secret);
  });

  it("a long-lived sk- key is refused where the platform runs in a browser", () => {
    const browserLike: Platform = { ...nodePlatform, name: "browser", refusesStandardKeys: true };
    expect(() => new WebRtcTransport(browserLike, "sk-proj-abc123")).toThrow(InsecureApiKeyError);
    expect(() => new WebRtcTransport(nodePlatform, "sk-proj-abc123")).not.toThrow();
  });

  it("muted (option or setMuted) sends silence (server VAD hears nothing); unmuted speech is heard", async () => {
    const mock = await startMock(cleanups);
    let sink: AudioSink | undefined;
    const source: AudioSource = {
      subscribe(s) {
        sink = s;
        return () => {};
      },
    };
    const speech = pcm16SpeechLike(1000);
    const push = (pcm: Int16Array) => {
      for (let at = 0; at < pcm.length; at += 480) sink?.frame(pcm.subarray(at, at + 480));
    };
    const nextCall = mock.nextCall();
    const session = await call(mock, { audio: source, muted: true });
    cleanups.push(async () => void (await session.close()));
    const handle = await nextCall;
    expect(session.muted).toBe(true);
    push(speech); // one second of speech, muted: the server must hear silence
    while (handle.stats.packetsIn < 50) await new Promise((r) => setTimeout(r, 20));
    session.setMuted(false);
    push(speech);
    push(new Int16Array(24_000));
    const events = await takeUntil(session, "input_audio_buffer.speech_started");
    const started = events.at(-1);
    // Found in the second second (minus the 300 ms prefix padding), not in the muted first.
    const startMs =
      started?.type === "input_audio_buffer.speech_started" ? started.audio_start_ms : 0;
    expect(startMs).toBeGreaterThanOrEqual(650);
  });
});
