import { describe, expect, it, vi } from "vitest";
import { toArray } from "../../src/channel/index.js";
import type { ServerEvent } from "../../src/events/index.js";
import { PcmFormatError } from "../../src/pcm/errors.js";
import { int16ToBase64 } from "../../src/pcm/index.js";
import { openSession } from "../../src/session/index.js";
import { stream } from "../../src/stream/index.js";
import {
  createFakeSpeaker,
  createFakeTransport,
  type FakeTransport,
} from "../../src/testing/index.js";

/** `ms` milliseconds of PCM16 24 kHz audio (a ramp, so content is checkable). */
function audio(ms: number): Int16Array {
  const s = new Int16Array(ms * 24);
  for (let i = 0; i < s.length; i++) s[i] = i % 1000;
  return s;
}

function delta(itemId: string, ms: number, contentIndex = 0): ServerEvent {
  return {
    type: "response.output_audio.delta",
    event_id: "ev",
    response_id: "resp_1",
    item_id: itemId,
    output_index: 0,
    content_index: contentIndex,
    delta: int16ToBase64(audio(ms)),
  };
}

function audioDone(itemId: string): ServerEvent {
  return {
    type: "response.output_audio.done",
    event_id: "ev",
    response_id: "resp_1",
    item_id: itemId,
    output_index: 0,
    content_index: 0,
  };
}

const speechStarted: ServerEvent = {
  type: "input_audio_buffer.speech_started",
  event_id: "ev",
  audio_start_ms: 1000,
  item_id: "item_user",
};

async function setup() {
  const transport = createFakeTransport();
  const session = await openSession(transport);
  const speaker = createFakeSpeaker();
  const onError = vi.fn();
  const s = stream(session, { speaker, onError });
  return { transport, session, speaker, onError, ...s };
}

/** Lets the stream's loop handle everything received so far. */
async function settle(events: { take(): Promise<unknown> }, transport: FakeTransport) {
  transport.receive({ type: "rate_limits.updated", event_id: "marker", rate_limits: [] });
  await events.take();
}

function truncates(t: FakeTransport) {
  return t
    .sentEvents()
    .filter((e) => (e as { type: string }).type === "conversation.item.truncate");
}

describe("stream", () => {
  it("sends audio deltas to the speaker and every other event to events", async () => {
    const { transport, session, speaker, events } = await setup();
    transport.receive({ type: "response.created", event_id: "e1", response: {} });
    transport.receive(delta("item_a", 100));
    transport.receive({ type: "response.output_audio.done", event_id: "e2" });
    await session.close();
    const got = await toArray(events);
    expect(got.map((e) => e.type)).toEqual(["response.created", "response.output_audio.done"]);
    expect(speaker.writes).toHaveLength(1);
    expect(speaker.writes[0]?.position).toEqual({ itemId: "item_a", contentIndex: 0 });
    expect(Array.from(speaker.writes[0]?.samples ?? [])).toEqual(Array.from(audio(100)));
  });

  it("barge-in stops playback and sends one truncate at what was actually played", async () => {
    const { transport, speaker, events } = await setup();
    transport.receive(delta("item_a", 500));
    transport.receive(delta("item_a", 500));
    await settle(events, transport);
    speaker.advance(321.7);
    transport.receive(speechStarted);
    expect((await events.take())?.type).toBe("input_audio_buffer.speech_started");
    await settle(events, transport);
    expect(speaker.stops).toBe(1);
    expect(speaker.queuedMs).toBe(0);
    expect(truncates(transport)).toEqual([
      {
        type: "conversation.item.truncate",
        item_id: "item_a",
        content_index: 0,
        audio_end_ms: 321,
      },
    ]);
  });

  it("deletes the item instead of truncating when none of it was heard yet (0 ms)", async () => {
    const { transport, speaker, events } = await setup();
    transport.receive(delta("item_a", 500));
    await settle(events, transport);
    // Received, still in the device buffer: nothing heard.
    transport.receive(speechStarted);
    expect((await events.take())?.type).toBe("input_audio_buffer.speech_started");
    await settle(events, transport);
    expect(speaker.stops).toBe(1);
    expect(truncates(transport)).toEqual([]);
    const deletes = transport
      .sentEvents()
      .filter((e) => (e as { type: string }).type === "conversation.item.delete");
    expect(deletes).toEqual([{ type: "conversation.item.delete", item_id: "item_a" }]);
  });

  it("truncates (not deletes) once 1 ms was heard", async () => {
    const { transport, speaker, events } = await setup();
    transport.receive(delta("item_a", 500));
    await settle(events, transport);
    speaker.advance(1);
    transport.receive(speechStarted);
    await events.take();
    await settle(events, transport);
    expect(truncates(transport)).toEqual([
      { type: "conversation.item.truncate", item_id: "item_a", content_index: 0, audio_end_ms: 1 },
    ]);
  });

  it("clamps audio_end_ms to the audio received", async () => {
    const { transport, events, session } = await setup();
    transport.receive(delta("item_a", 200));
    await settle(events, transport);
    // A speaker that claims more than it was given (e.g. counting device latency).
    const liar = {
      write: () => {},
      stop: () => {},
      playedMs: () => 10_000,
    };
    const t2 = createFakeTransport();
    const s2 = await openSession(t2);
    const st = stream(s2, { speaker: liar });
    t2.receive(delta("item_b", 150));
    t2.receive({ ...delta("item_b", 0), delta: int16ToBase64(new Int16Array(12)) }); // 0.5 ms more
    t2.receive(speechStarted);
    await st.events.take();
    await settle(st.events, t2);
    expect(truncates(t2)).toEqual([
      {
        type: "conversation.item.truncate",
        item_id: "item_b",
        content_index: 0,
        audio_end_ms: 150,
      },
    ]);
    await session.close();
  });

  it("sends nothing when nothing is playing", async () => {
    const { transport, speaker, events } = await setup();
    transport.receive(speechStarted);
    await events.take();
    await settle(events, transport);
    expect(truncates(transport)).toEqual([]);
    // Audio complete and fully played: nothing is playing either.
    transport.receive(delta("item_a", 100));
    transport.receive(audioDone("item_a"));
    await events.take();
    speaker.advance(100);
    transport.receive(speechStarted);
    await events.take();
    await settle(events, transport);
    expect(truncates(transport)).toEqual([]);
  });

  it("truncates after response.done while audio is still playing", async () => {
    const { transport, speaker, events } = await setup();
    transport.receive(delta("item_a", 1000));
    transport.receive({ type: "response.done", event_id: "e", response: { id: "resp_1" } });
    await events.take();
    speaker.advance(640);
    transport.receive(speechStarted);
    await events.take();
    await settle(events, transport);
    expect(truncates(transport)).toEqual([
      {
        type: "conversation.item.truncate",
        item_id: "item_a",
        content_index: 0,
        audio_end_ms: 640,
      },
    ]);
  });

  it("truncates at what was received when the speaker caught up and more audio is coming", async () => {
    const { transport, speaker, events } = await setup();
    transport.receive(delta("item_a", 100));
    await settle(events, transport);
    speaker.advance(500); // played all 100 ms; the rest of the item has not arrived yet
    transport.receive(speechStarted);
    await events.take();
    await settle(events, transport);
    expect(truncates(transport)).toEqual([
      {
        type: "conversation.item.truncate",
        item_id: "item_a",
        content_index: 0,
        audio_end_ms: 100,
      },
    ]);
  });

  it("nothing is playing once response.done ended the item and it was played out", async () => {
    const { transport, speaker, events } = await setup();
    transport.receive(delta("item_a", 100));
    transport.receive({ type: "response.done", event_id: "e", response: { id: "resp_1" } });
    await events.take();
    speaker.advance(100);
    transport.receive(speechStarted);
    await events.take();
    await settle(events, transport);
    expect(truncates(transport)).toEqual([]);
  });

  it("with two items, truncates the one playing", async () => {
    const { transport, speaker, events } = await setup();
    transport.receive(delta("item_a", 300));
    transport.receive(delta("item_b", 300, 1));
    await settle(events, transport);
    speaker.advance(450); // item_a played through, 150 ms into item_b
    transport.receive(speechStarted);
    await events.take();
    await settle(events, transport);
    expect(truncates(transport)).toEqual([
      {
        type: "conversation.item.truncate",
        item_id: "item_b",
        content_index: 1,
        audio_end_ms: 150,
      },
    ]);
  });

  it("speech_started twice sends one truncate, and drops the interrupted item's late audio", async () => {
    const { transport, speaker, events } = await setup();
    transport.receive(delta("item_a", 400));
    await settle(events, transport);
    speaker.advance(100);
    transport.receive(speechStarted);
    transport.receive(speechStarted);
    await events.take();
    await events.take();
    // Audio of the cancelled response still in flight: not played.
    transport.receive(delta("item_a", 100));
    await settle(events, transport);
    expect(truncates(transport)).toHaveLength(1);
    expect(speaker.writes).toHaveLength(1);
    // A new item plays normally.
    transport.receive(delta("item_c", 100));
    await settle(events, transport);
    expect(speaker.writes).toHaveLength(2);
  });

  it("stopAudio stops now and truncates what was playing", async () => {
    const { transport, speaker, events, stopAudio } = await setup();
    transport.receive(delta("item_a", 400));
    await settle(events, transport);
    speaker.advance(250);
    await stopAudio();
    expect(speaker.stops).toBe(1);
    expect(truncates(transport)).toEqual([
      {
        type: "conversation.item.truncate",
        item_id: "item_a",
        content_index: 0,
        audio_end_ms: 250,
      },
    ]);
    await stopAudio();
    expect(truncates(transport)).toHaveLength(1);
  });

  it("reports bad audio and a throwing speaker to onError, and goes on", async () => {
    const transport = createFakeTransport();
    const session = await openSession(transport);
    const onError = vi.fn();
    let calls = 0;
    const speaker = {
      write: () => {
        calls++;
        if (calls === 1) throw new Error("device gone");
      },
      stop: () => {
        throw new Error("cannot stop");
      },
      playedMs: () => 0,
    };
    const s = stream(session, { speaker, onError });
    transport.receive({ ...delta("item_a", 10), delta: "AA==" }); // 1 byte: not PCM16
    transport.receive({
      ...delta("item_a", 10),
      delta: int16ToBase64(new Int16Array(1)).slice(0, 2),
    });
    transport.receive(delta("item_a", 10));
    transport.receive(delta("item_a", 10));
    transport.receive(speechStarted);
    await s.events.take();
    await settle(s.events, transport);
    expect(calls).toBe(2);
    expect(onError.mock.calls.some(([e]) => e instanceof PcmFormatError)).toBe(true);
    expect(onError.mock.calls.some(([e]) => (e as Error).message === "device gone")).toBe(true);
    expect(onError.mock.calls.some(([e]) => (e as Error).message === "cannot stop")).toBe(true);
  });

  it("a truncate on a closed session is dropped quietly; events close with the session", async () => {
    const { transport, speaker, events, stopAudio, onError, session } = await setup();
    transport.receive(delta("item_a", 400));
    await settle(events, transport);
    speaker.advance(10);
    await session.close();
    await stopAudio();
    expect(onError).not.toHaveBeenCalled();
    expect(await events.take()).toBeUndefined();
  });
});
