import { describe, expect, it, vi } from "vitest";
import { EchoFaultError } from "../../src/errors.js";
import { base64ToInt16 } from "../../src/pcm/index.js";
import { openSession } from "../../src/session/index.js";
import {
  type AudioSink,
  type AudioSource,
  audioSourceFromIterable,
  CaptureOptionsError,
  captureAudio,
} from "../../src/stream/index.js";
import { createFakeTransport, type FakeTransport, pcmRamp } from "../../src/testing/index.js";

/** A push source the test drives, like a microphone callback. */
function manualSource() {
  let sink: AudioSink | undefined;
  let unsubscribed = 0;
  const source: AudioSource = {
    subscribe(s) {
      sink = s;
      return () => {
        unsubscribed++;
      };
    },
  };
  return {
    source,
    push: (samples: Int16Array) => sink?.frame(samples),
    end: (error?: unknown) => sink?.end(error),
    get unsubscribed() {
      return unsubscribed;
    },
  };
}

function appended(t: FakeTransport): Int16Array[] {
  return t.sentEvents().map((e) => {
    const ev = e as { type: string; audio: string };
    expect(ev.type).toBe("input_audio_buffer.append");
    return base64ToInt16(ev.audio);
  });
}

describe("captureAudio", () => {
  it("sends intervalMs chunks in order, reusing nothing the source reuses, and flushes on stop", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    const mic = manualSource();
    const stop = captureAudio(session, mic.source, { intervalMs: 10 }); // 240 samples
    const frame = new Int16Array(100);
    for (let i = 0; i < 5; i++) {
      frame.set(pcmRamp(100, i * 100)); // the source reuses its buffer
      mic.push(frame);
    }
    await stop();
    const chunks = appended(t);
    expect(chunks.map((c) => c.length)).toEqual([240, 240, 20]);
    const all = chunks.flatMap((c) => Array.from(c));
    expect(all).toEqual(Array.from(pcmRamp(500, 0)));
    expect(mic.unsubscribed).toBe(1);
    // Frames after stop are ignored; stopping twice is harmless.
    mic.push(frame);
    await stop();
    expect(appended(t)).toHaveLength(3);
  });

  it("splits a large frame into several chunks", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    const mic = manualSource();
    const stop = captureAudio(session, mic.source); // 20 ms = 480 samples
    mic.push(pcmRamp(1000, 0));
    await stop();
    expect(appended(t).map((c) => c.length)).toEqual([480, 480, 40]);
  });

  it("waits for each put (backpressure) and keeps order", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    const gate = t.holdSends();
    const mic = manualSource();
    const stop = captureAudio(session, mic.source, { intervalMs: 1 }); // 24 samples
    mic.push(pcmRamp(24 * 5, 0));
    const stopped = stop();
    await Promise.resolve();
    expect(t.sent).toHaveLength(0);
    gate.release();
    await stopped;
    expect(appended(t).flatMap((c) => Array.from(c))).toEqual(Array.from(pcmRamp(120, 0)));
  });

  it("flushes when an iterable source ends", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    async function* frames() {
      yield pcmRamp(300, 0);
      yield pcmRamp(300, 300);
    }
    const stop = captureAudio(session, audioSourceFromIterable(frames()));
    await vi.waitFor(() => expect(t.sent).toHaveLength(2));
    await stop();
    expect(appended(t).map((c) => c.length)).toEqual([480, 120]);
  });

  it("reports a source that fails and stops", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    const onError = vi.fn();
    const boom = new Error("device unplugged");
    function* frames() {
      yield pcmRamp(10, 0);
      throw boom;
    }
    const stop = captureAudio(session, audioSourceFromIterable(frames()), { onError });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledWith(boom));
    await stop();
    expect(appended(t).map((c) => c.length)).toEqual([10]);
  });

  it("a source that ends while subscribing is handled", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    const unsub = vi.fn();
    const source: AudioSource = {
      subscribe(sink) {
        sink.frame(pcmRamp(5, 0));
        sink.end();
        return unsub;
      },
    };
    await captureAudio(session, source)();
    expect(unsub).toHaveBeenCalledTimes(1);
    expect(appended(t).map((c) => c.length)).toEqual([5]);
  });

  it("stops when the session closes, quietly; send faults go to onError", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    const onError = vi.fn();
    const mic = manualSource();
    const stop = captureAudio(session, mic.source, { intervalMs: 1, onError });
    t.failSends(new EchoFaultError("send_failed", "socket full"));
    mic.push(pcmRamp(24, 0));
    await vi.waitFor(() => expect(onError).toHaveBeenCalledTimes(1));
    t.failSends(undefined);
    await session.close();
    mic.push(pcmRamp(24, 0));
    await vi.waitFor(() => expect(mic.unsubscribed).toBe(1));
    await stop();
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it("rejects bad intervals with a clear error", async () => {
    const session = await openSession(createFakeTransport());
    for (const intervalMs of [0, -5, Number.NaN, 1e9]) {
      expect(() => captureAudio(session, manualSource().source, { intervalMs })).toThrow(
        CaptureOptionsError,
      );
    }
  });
});
