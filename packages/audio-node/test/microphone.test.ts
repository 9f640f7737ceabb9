import { openSession, stream } from "@echo/core";
import { createFakeTransport } from "@echo/core/testing";
import { describe, expect, it, vi } from "vitest";
import {
  AudioDeviceGoneError,
  captureAudio,
  createMicrophone,
  createSpeaker,
  listDevices,
  NaudiodonNotBuiltError,
  Resampler,
} from "../src/index.js";
import { FakeBackend } from "./fake-backend.js";
import { rms, sweep } from "./signals.js";

const frames = () => {
  const got: Int16Array[] = [];
  return { got, sink: { frame: (s: Int16Array) => got.push(s.slice()), end: vi.fn() } };
};

describe("createMicrophone (fake duplex backend)", () => {
  it("delivers the device's input resampled to 24 kHz, 480 samples per 20 ms chunk", async () => {
    const backend = new FakeBackend();
    const mic = createMicrophone({ backend, aec: false });
    const { got, sink } = frames();
    mic.subscribe(sink);
    const input = sweep(100, 9000, 48000, 9600);
    for (let i = 0; i < 10; i++) backend.stream.tick(input.subarray(i * 960, (i + 1) * 960));
    expect(got.map((f) => f.length)).toEqual(Array(10).fill(480));
    // Exactly what the resampler makes of it (the same path, nothing else in between).
    const expected = new Resampler({ from: 48000, to: 24000 }).process(input);
    const joined = new Int16Array(4800);
    for (const [i, f] of got.entries()) joined.set(f, i * 480);
    expect(joined).toEqual(expected);
    await mic.close();
    expect(sink.end).toHaveBeenCalledWith(undefined);
  });

  it("shares one duplex stream with the speaker of the same device options", async () => {
    const backend = new FakeBackend();
    const speaker = createSpeaker({ backend });
    const mic = createMicrophone({ backend });
    expect(backend.streams).toHaveLength(1);
    expect(mic.device).toBe(speaker.device);
    expect(mic.device.stats().users).toBe(2);
    expect(() => createSpeaker({ backend })).toThrow(/already open on this output device/);
    await speaker.close();
    await mic.close();
    expect(backend.stream.ref).toBe(false); // lingering: the process may exit
    await new Promise((r) => setTimeout(r, 1600));
    expect(backend.stream.closed).toBe(true);
    expect(mic.device.stats().state).toBe("closed");
  });

  it("removes the speaker's echo using the far frame played in the same callback", async () => {
    const run = async (aec: boolean) => {
      const backend = new FakeBackend();
      const speaker = createSpeaker({ backend, outputLatencyMs: 0 });
      const mic = createMicrophone({ backend, aec });
      backend.stream.echo = { gain: 0.5, delay: 48 * 60 }; // 60 ms, -6 dB: an open speaker
      const { got, sink } = frames();
      mic.subscribe(sink);
      // The sweep twice (8 s): the canceller has heard every frequency before the measured second.
      const pass = sweep(200, 4000, 24000, 24000 * 4, 12000);
      const voice = new Int16Array(pass.length * 2);
      voice.set(pass);
      voice.set(pass, pass.length);
      // Keep the speaker fed (as stream does) while the device runs 8 s.
      for (let t = 0; t < 400; t++) {
        if (t % 10 === 0)
          speaker.write(voice.subarray(t * 480, (t + 10) * 480), { itemId: "a", contentIndex: 0 });
        backend.stream.tick();
      }
      // The last second, long after convergence.
      const late = got.slice(350).flatMap((f) => Array.from(f));
      const stats = mic.device.stats();
      await speaker.close();
      await mic.close();
      return { level: rms(late), stats };
    };
    const without = await run(false);
    const withAec = await run(true);
    expect(without.level).toBeGreaterThan(1000);
    // More than 20 dB of echo removed once the canceller has converged (about 4 s into this sweep).
    const removedDb = 20 * Math.log10(without.level / Math.max(1, withAec.level));
    expect(removedDb).toBeGreaterThan(20);
    expect(withAec.stats.aec).toMatchObject({ enabled: true });
    expect(without.stats.aec).toEqual({ enabled: false });
  });

  it("mute and push-to-talk gate delivery; the level meter keeps reading", async () => {
    const backend = new FakeBackend();
    const mic = createMicrophone({ backend, aec: false });
    const { got, sink } = frames();
    mic.subscribe(sink);
    const levels: number[] = [];
    mic.onLevel((l) => levels.push(l.rmsDbfs));
    const loud = new Int16Array(960).fill(8000);
    const tick = () => backend.stream.tick(loud);
    tick();
    mic.mute();
    expect(mic.live).toBe(false);
    tick();
    mic.unmute();
    tick();
    mic.setPushToTalk(true);
    tick(); // not held
    mic.hold();
    tick();
    mic.release();
    tick();
    expect(got).toHaveLength(3);
    expect(levels).toHaveLength(6);
    expect(mic.pushToTalk).toBe(true);
    await mic.close();
  });

  it("a device fault ends subscriptions with the typed error", async () => {
    const backend = new FakeBackend();
    const onError = vi.fn();
    const mic = createMicrophone({ backend, onError });
    const { sink } = frames();
    mic.subscribe(sink);
    const gone = new AudioDeviceGoneError("unplugged");
    backend.stream.fail(gone);
    expect(sink.end).toHaveBeenCalledWith(gone);
    expect(onError).toHaveBeenCalledWith(gone);
    const late = frames();
    mic.subscribe(late.sink);
    await Promise.resolve();
    expect(late.sink.end).toHaveBeenCalledWith(gone);
    await mic.close();
  });
});

describe("captureAudio", () => {
  it("sends the microphone as 20 ms appends, and closes the microphone it made on stop", async () => {
    const backend = new FakeBackend();
    const transport = createFakeTransport();
    const session = await openSession(transport);
    const stop = captureAudio(session, { intervalMs: 20, backend, aec: false });
    for (let i = 0; i < 5; i++) backend.stream.tick(new Int16Array(960).fill(1000));
    await stop();
    const appends = transport
      .sentEvents()
      .filter((e) => (e as { type: string }).type === "input_audio_buffer.append");
    expect(appends).toHaveLength(5);
    expect(Buffer.from((appends[0] as { audio: string }).audio, "base64").byteLength).toBe(960);
    await new Promise((r) => setTimeout(r, 1600));
    expect(backend.stream.closed).toBe(true);
    await session.close();
  });

  it("a device fault stops capture; the session stays usable", async () => {
    const backend = new FakeBackend();
    const transport = createFakeTransport();
    const session = await openSession(transport);
    const onError = vi.fn();
    const stop = captureAudio(session, { backend, onError });
    backend.stream.fail(new AudioDeviceGoneError("unplugged"));
    await stop();
    expect(onError).toHaveBeenCalledWith(expect.any(AudioDeviceGoneError));
    await session.put({ type: "input_audio_buffer.clear" });
    expect(transport.sentEvents().map((e) => (e as { type: string }).type)).toContain(
      "input_audio_buffer.clear",
    );
    await session.close();
  });
});

describe("barge-in with a device speaker", () => {
  it("truncates at what the device consumed plus what it already holds", async () => {
    const backend = new FakeBackend();
    const transport = createFakeTransport();
    const session = await openSession(transport);
    const speaker = createSpeaker({ backend, outputLatencyMs: 40 });
    backend.stream.prime = 2;
    const { events } = stream(session, { speaker });
    const audio = Buffer.from(new Int16Array(24 * 1000).fill(500).buffer).toString("base64");
    transport.receive({
      type: "response.output_audio.delta",
      event_id: "e",
      response_id: "r",
      item_id: "item_a",
      output_index: 0,
      content_index: 0,
      delta: audio,
    });
    transport.receive({ type: "rate_limits.updated", event_id: "m", rate_limits: [] });
    await events.take();
    for (let i = 0; i < 12; i++) backend.stream.tick(); // 240 ms consumed, 40 ms more in the device
    transport.receive({
      type: "input_audio_buffer.speech_started",
      event_id: "s",
      audio_start_ms: 0,
      item_id: "u",
    });
    await events.take();
    transport.receive({ type: "rate_limits.updated", event_id: "m2", rate_limits: [] });
    await events.take();
    const truncate = transport
      .sentEvents()
      .find((e) => (e as { type: string }).type === "conversation.item.truncate") as {
      audio_end_ms: number;
    };
    expect(truncate.audio_end_ms).toBe(280);
    expect(backend.stream.flushes).toBe(1);
    await speaker.close();
    await session.close();
  });
});

describe("errors and devices", () => {
  it("NaudiodonNotBuiltError says exactly what to add for npm and pnpm", () => {
    const error = new NaudiodonNotBuiltError("build/Release/naudiodon.node is missing");
    expect(error.code).toBe("naudiodon_not_built");
    expect(error.kind).toBe("fault");
    expect(error.name).toBe("NaudiodonNotBuiltError");
    expect(error.message).toContain('"allowScripts": { "naudiodon2": true }');
    expect(error.message).toContain('"onlyBuiltDependencies": ["naudiodon2"]');
  });

  it("listDevices asks the backend", async () => {
    const backend = new FakeBackend();
    expect((await listDevices({ backend })).map((d) => d.name)).toEqual([
      "fake mic",
      "fake speaker",
    ]);
  });

  it("rejects bad device options with a message that says what fits", () => {
    const backend = new FakeBackend();
    expect(() => createSpeaker({ backend, sampleRate: 24000 as 48000 })).toThrow(/48000 or 44100/);
    expect(() => createMicrophone({ backend, input: -1 })).toThrow(/non-negative integer/);
  });

  it("opens 44.1 kHz devices with 882-frame chunks", async () => {
    const backend = new FakeBackend();
    const mic = createMicrophone({ backend, sampleRate: 44100, aec: false });
    const { got, sink } = frames();
    mic.subscribe(sink);
    backend.stream.tick();
    expect(backend.stream.options.chunkFrames).toBe(882);
    expect(got[0]?.length).toBe(480);
    await mic.close();
  });
});
