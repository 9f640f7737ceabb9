// End to end over real sockets: core's captureAudio and stream (speaker, barge-in truncation)
// through connect() against the mock server's VAD and parrot on 127.0.0.1.
import {
  type AudioPosition,
  base64ToInt16,
  type ClientEvent,
  captureAudio,
  deferred,
  map,
  msToSamples,
  PCM16_BYTES_PER_MS,
  type Session,
  type SessionEvent,
  type Speaker,
  stream,
} from "@echo/core";
import {
  concatPcm,
  createFakeSpeaker,
  createPushSource,
  type EventSource,
  type FakeSpeaker,
  pcmSilence,
  pcmTone,
  takeUntil,
} from "@echo/core/testing";
import { type MockServer, type MockSessionHandle, startMockServer } from "@echo/mock-server";
import { afterEach, describe, expect, it } from "vitest";
import { connect } from "../src/index.js";

const KEY = "sk-proj-e2eAudioKey0123456789";
let mock: MockServer | undefined;
let sessions: Session[] = [];

afterEach(async () => {
  for (const session of sessions) await session.close();
  sessions = [];
  await mock?.close();
  mock = undefined;
});

type StartOptions = Parameters<typeof startMockServer>[0];

/** A mock server, one session connected to it over a real socket, and the mock's handle on it. */
async function open(
  options?: StartOptions,
): Promise<{ session: Session; handle: MockSessionHandle; sent: ClientEvent[] }> {
  mock = await startMockServer(options);
  const handleOpened = mock.nextSession();
  // Every client event the session hands to the transport, in order.
  const sent: ClientEvent[] = [];
  const record = map((ev: ClientEvent) => {
    sent.push(ev);
    return ev;
  });
  const session = await connect({ url: mock.url, apiKey: KEY, xfIn: record });
  sessions.push(session);
  return { session, handle: await handleOpened, sent };
}

let syncs = 0;

/**
 * A round trip after everything the client has sent so far: retrieves `itemId` and waits for the
 * answer, so the mock has handled every earlier client event. Returns the retrieved item. Errors
 * for other events (they carry another `event_id`) are skipped.
 */
async function roundTrip(session: Session, source: EventSource<SessionEvent>, itemId: string) {
  const eventId = `sync_${++syncs}`;
  await session.put({ type: "conversation.item.retrieve", item_id: itemId, event_id: eventId });
  for (;;) {
    const ev = (await takeUntil(source, "conversation.item.retrieved", "error")).at(-1);
    if (ev?.type === "conversation.item.retrieved") return ev.item;
    if (ev?.type === "error" && ev.error.event_id === eventId) {
      throw new Error(`retrieve failed: ${JSON.stringify(ev)}`);
    }
  }
}

/** The PCM16 audio of content part 0 of a retrieved item. */
function audioOf(item: unknown): Int16Array {
  const part = (item as { content?: { audio?: unknown }[] }).content?.[0];
  return typeof part?.audio === "string" ? base64ToInt16(part.audio) : new Int16Array(0);
}

/** The PCM16 samples of every `input_audio_buffer.append` among `events`, one array per append. */
function appendedChunks(events: readonly unknown[]): Int16Array[] {
  const chunks: Int16Array[] = [];
  for (const ev of events) {
    if (typeof ev !== "object" || ev === null) continue;
    const { type, audio } = ev as { type?: unknown; audio?: unknown };
    if (type === "input_audio_buffer.append" && typeof audio === "string") {
      chunks.push(base64ToInt16(audio));
    }
  }
  return chunks;
}

function clientEvents(handle: MockSessionHandle, type: string): Record<string, unknown>[] {
  const matching: Record<string, unknown>[] = [];
  for (const ev of handle.received) {
    if (typeof ev === "object" && ev !== null && !Array.isArray(ev) && ev.type === type) {
      matching.push(ev);
    }
  }
  return matching;
}

function written(speaker: FakeSpeaker, itemId?: string): Int16Array {
  return concatPcm(
    ...speaker.writes
      .filter((w) => itemId === undefined || w.position.itemId === itemId)
      .map((w) => w.samples),
  );
}

function assistantItemId(events: readonly SessionEvent[]): string {
  for (const ev of events) {
    if (ev.type === "response.output_item.added") return ev.item.id as string;
  }
  throw new Error("no response.output_item.added");
}

function userItemId(events: readonly SessionEvent[]): string {
  for (const ev of events) {
    if (ev.type === "input_audio_buffer.committed") return ev.item_id;
  }
  throw new Error("no input_audio_buffer.committed");
}

/**
 * A session with `stream` playing to `speaker` and a test microphone captured into it in 20 ms
 * appends, once `session.created` has arrived: push audio into `mic` to speak.
 */
async function speaking(speaker: Speaker, options?: StartOptions) {
  const { session, handle } = await open(options);
  const { events } = stream(session, { speaker });
  await takeUntil(events, "session.created");
  const mic = createPushSource();
  const stop = captureAudio(session, mic.source, { intervalMs: 20 });
  return { session, handle, events, mic, stop };
}

/** The user's first turn: 600 ms of tone, then 800 ms of silence (default server VAD ends the turn 200 ms in). */
const FIRST_TURN = concatPcm(pcmTone(600), pcmSilence(800));

describe("captureAudio → server VAD → automatic response, over a real socket", () => {
  it("VAD events in the GA order, appends that add up to the audio sent, the partial chunk flushed on stop", async () => {
    const { session, handle, sent: sentEvents } = await open();
    await takeUntil(session, "session.created");
    const mic = createPushSource();
    const stop = captureAudio(session, mic.source, { intervalMs: 20 });
    // 1400 ms and 7 samples: 70 appends of 20 ms (480 samples) and a partial one of 7 samples.
    const sent = concatPcm(FIRST_TURN, pcmTone(1).subarray(0, 7));
    mic.push(sent);

    const events = await takeUntil(session, "response.done");
    await stop(); // flushes the 7-sample tail
    const types = events.map((e) => e.type).filter((t) => !t.endsWith(".delta"));
    expect(types).toEqual([
      "input_audio_buffer.speech_started",
      "input_audio_buffer.speech_stopped",
      "input_audio_buffer.committed",
      "conversation.item.added",
      "conversation.item.done",
      "response.created",
      "response.output_item.added",
      "conversation.item.added",
      "response.content_part.added",
      "response.output_audio.done",
      "response.output_audio_transcript.done",
      "response.content_part.done",
      "conversation.item.done",
      "response.output_item.done",
      "response.done",
    ]);
    // Deltas only between content_part.added and output_audio.done.
    const all = events.map((e) => e.type);
    const firstDelta = all.findIndex((t) => t.endsWith(".delta"));
    const lastDelta = all.findLastIndex((t) => t.endsWith(".delta"));
    expect(firstDelta).toBeGreaterThan(all.indexOf("response.content_part.added"));
    expect(lastDelta).toBeLessThan(all.indexOf("response.output_audio.done"));
    const added = events.filter((e) => e.type === "conversation.item.added");
    expect(
      added.map((e) => e.type === "conversation.item.added" && "role" in e.item && e.item.role),
    ).toEqual(["user", "assistant"]);
    const started = events[0];
    const stopped = events[1];
    expect(started?.type === "input_audio_buffer.speech_started" && started.audio_start_ms).toBe(0);
    // 600 ms of tone + silence_duration_ms (200 by default).
    expect(stopped?.type === "input_audio_buffer.speech_stopped" && stopped.audio_end_ms).toBe(800);
    const done = events.at(-1);
    expect(done?.type === "response.done" && done.response.status).toBe("completed");

    const userId = userItemId(events);
    const userItem = await roundTrip(session, session, userId);
    const chunks = appendedChunks(sentEvents);
    expect(chunks).toHaveLength(71);
    expect(chunks.slice(0, 70).every((c) => c.length === 480)).toBe(true);
    expect(chunks.at(-1)?.length).toBe(7);
    expect(concatPcm(...chunks)).toEqual(sent);
    // All of them reached the mock (71 appends and the retrieve): it keeps only the newest 64 KiB
    // of client events, and those are the last appends sent, sample for sample.
    expect(mock?.metrics.framesReceived).toBe(72);
    const kept = appendedChunks(handle.received);
    expect(kept.length).toBeGreaterThan(10);
    expect(kept).toEqual(chunks.slice(-kept.length));
    // The committed item is exactly the audio of [audio_start_ms, audio_end_ms).
    expect(audioOf(userItem)).toEqual(sent.subarray(0, msToSamples(800)));
  });
});

describe("stream + speaker over a real socket", () => {
  it("the parrot's audio goes to the speaker, byte for byte the user's committed audio; everything else to events", async () => {
    const speaker = createFakeSpeaker();
    const { session, handle, events, mic, stop } = await speaking(speaker);
    mic.push(FIRST_TURN);

    const seen = await takeUntil(events, "response.done");
    await stop();
    const types = seen.map((e) => e.type as string);
    expect(types).not.toContain("response.output_audio.delta");
    expect(types).toContain("response.output_audio.done");
    const transcript = seen.flatMap((e) =>
      e.type === "response.output_audio_transcript.delta" ? [e.delta] : [],
    );
    expect(transcript.length).toBeGreaterThan(0);
    const transcriptDone = seen.find((e) => e.type === "response.output_audio_transcript.done");
    expect(
      transcriptDone?.type === "response.output_audio_transcript.done" && transcriptDone.transcript,
    ).toBe(transcript.join(""));

    const itemId = assistantItemId(seen);
    expect(speaker.writes.length).toBeGreaterThan(0);
    expect(
      speaker.writes.every((w) => w.position.itemId === itemId && w.position.contentIndex === 0),
    ).toBe(true);
    const userAudio = audioOf(await roundTrip(session, events, userItemId(seen)));
    expect(userAudio.length).toBe(msToSamples(800));
    expect(written(speaker)).toEqual(userAudio);
    expect(written(speaker)).toEqual(FIRST_TURN.subarray(0, userAudio.length));

    // Nothing plays until the test's clock runs; then all of it, and no more.
    expect(speaker.playedMs({ itemId, contentIndex: 0 })).toBe(0);
    speaker.advance(500);
    expect(speaker.playedMs({ itemId, contentIndex: 0 })).toBe(500);
    speaker.advance(10_000);
    expect(speaker.playedMs({ itemId, contentIndex: 0 })).toBe(800);
    expect(speaker.queuedMs).toBe(0);
    // The user's speech_started came while nothing was playing: no truncate.
    expect(clientEvents(handle, "conversation.item.truncate")).toEqual([]);
  });
});

/** A speaker that reports its first write and how many writes it had when it was last stopped. */
function watchedSpeaker(inner: FakeSpeaker) {
  const firstWrite = deferred();
  const state = { writesAtStop: -1 };
  const speaker: Speaker = {
    write(samples, position) {
      inner.write(samples, position);
      firstWrite.resolve();
    },
    stop() {
      state.writesAtStop = inner.writes.length;
      inner.stop();
    },
    playedMs: (position) => inner.playedMs(position),
  };
  return { speaker, firstWrite: firstWrite.promise, state };
}

/**
 * A fake speaker whose clock runs past the audio it was given (a device clock that counts time,
 * not samples): after `advance(ms)` it claims `ms` played for any item it has been given.
 */
function overclaimingSpeaker(): FakeSpeaker {
  const inner = createFakeSpeaker();
  let clockMs = 0;
  const items = new Set<string>();
  return {
    write(samples: Int16Array, position: AudioPosition) {
      items.add(position.itemId);
      inner.write(samples, position);
    },
    stop: () => inner.stop(),
    playedMs: (position: AudioPosition) => (items.has(position.itemId) ? clockMs : 0),
    advance(ms: number) {
      clockMs += ms;
      inner.advance(ms);
    },
    get queuedMs() {
      return inner.queuedMs;
    },
    writes: inner.writes,
    get stops() {
      return inner.stops;
    },
  };
}

// Slow deltas (200 ms of audio every 100 ms), so the reply is still streaming when the user barges in.
const STREAMING = { deltaIntervalMs: 100, audioChunkMs: 200 } as const;
/** A first turn whose parrot reply is 1200 ms (1000 ms tone + 200 ms VAD silence): 6 deltas. */
const LONG_TURN = concatPcm(pcmTone(1000), pcmSilence(400));

/**
 * A first turn whose parrot reply is 3200 ms: 16 deltas, 1.6 s of streaming with STREAMING, a wide
 * window for the barge-in (the test ends soon after it, when the cancelled response is done).
 */
const STREAMING_TURN = concatPcm(pcmTone(3000), pcmSilence(400));

/**
 * Opens a session with `stream` on `speaker`, speaks STREAMING_TURN and waits until the first 200 ms
 * of the reply reached the speaker (the reply is still streaming with STREAMING).
 */
async function replyPlaying(speaker: FakeSpeaker, options?: StartOptions) {
  const watched = watchedSpeaker(speaker);
  const { session, handle, events, mic, stop } = await speaking(watched.speaker, options);
  mic.push(STREAMING_TURN);
  const seen = await takeUntil(events, "response.created");
  await watched.firstWrite;
  return { session, handle, events, mic, stop, seen, watched };
}

describe("barge-in over the wire", () => {
  it("reply received, 130 ms of it played: speaker stopped, one truncate at 130, server truncates the item to 130 ms", async () => {
    const speaker = createFakeSpeaker();
    const { session, handle, events, mic, stop } = await speaking(speaker);
    mic.push(LONG_TURN);
    const seen = await takeUntil(events, "response.done");
    const itemId = assistantItemId(seen);
    expect(written(speaker, itemId).length).toBe(msToSamples(1200));
    const stopsBefore = speaker.stops;

    speaker.advance(130); // the user heard 130 ms of the reply
    mic.push(pcmTone(200)); // and starts talking
    seen.push(...(await takeUntil(events, "input_audio_buffer.speech_started")));
    expect(speaker.stops).toBe(stopsBefore + 1);
    expect(speaker.queuedMs).toBe(0);
    seen.push(...(await takeUntil(events, "conversation.item.truncated", "error")));
    await stop();

    expect(seen.at(-1)).toMatchObject({
      type: "conversation.item.truncated",
      item_id: itemId,
      content_index: 0,
      audio_end_ms: 130,
    });
    const assistant = await roundTrip(session, events, itemId);
    const truncates = clientEvents(handle, "conversation.item.truncate");
    expect(truncates).toHaveLength(1);
    expect(truncates[0]).toMatchObject({ item_id: itemId, content_index: 0, audio_end_ms: 130 });
    expect(Number.isInteger(truncates[0]?.audio_end_ms)).toBe(true);
    // The model now holds exactly what the user heard.
    expect(audioOf(assistant)).toEqual(written(speaker, itemId).subarray(0, msToSamples(130)));
  });

  it("reply still streaming: speaker stopped, one truncate at the 130 ms played, response cancelled (turn_detected), later audio dropped", async () => {
    const speaker = createFakeSpeaker();
    const { session, handle, events, mic, stop, seen, watched } = await replyPlaying(
      speaker,
      STREAMING,
    );
    const stopsBefore = speaker.stops;
    speaker.advance(130);
    mic.push(pcmTone(200));
    seen.push(...(await takeUntil(events, "input_audio_buffer.speech_started")));
    expect(speaker.stops).toBe(stopsBefore + 1);
    const writesAtStop = watched.state.writesAtStop;
    seen.push(...(await takeUntil(events, "response.done")));
    await stop();
    const itemId = assistantItemId(seen);

    const done = seen.at(-1);
    expect(done?.type === "response.done" && done.response.status).toBe("cancelled");
    expect(done?.type === "response.done" && done.response.status_details).toMatchObject({
      type: "cancelled",
      reason: "turn_detected",
    });
    await roundTrip(session, events, userItemId(seen));
    const truncates = clientEvents(handle, "conversation.item.truncate");
    expect(truncates).toHaveLength(1);
    expect(truncates[0]).toMatchObject({ item_id: itemId, content_index: 0, audio_end_ms: 130 });
    expect(Number.isInteger(truncates[0]?.audio_end_ms)).toBe(true);
    // Audio of the interrupted item that arrived after the barge-in was not played.
    expect(speaker.writes.length).toBe(writesAtStop);
    expect(speaker.stops).toBe(stopsBefore + 1);
  });

  // The usual barge-in: the truncate reaches the server while the item's audio still streams.
  // The cut must stand after the response finishes (its later audio is not kept).
  it("the server accepts a truncate of an item whose audio is still streaming", async () => {
    const speaker = createFakeSpeaker();
    const { session, events, mic, stop, seen } = await replyPlaying(speaker, STREAMING);
    speaker.advance(130);
    mic.push(pcmTone(200));
    seen.push(...(await takeUntil(events, "conversation.item.truncated", "error")));
    await stop();
    expect(seen.at(-1)).toMatchObject({
      type: "conversation.item.truncated",
      item_id: assistantItemId(seen),
      audio_end_ms: 130,
    });
    await takeUntil(events, "response.done");
    const kept = audioOf(await roundTrip(session, events, assistantItemId(seen)));
    expect(kept.length).toBe(msToSamples(130));
  });

  it("speech while nothing plays (before any reply, and after the reply was fully played): no truncate", async () => {
    const speaker = createFakeSpeaker();
    const { session, handle, events, mic, stop } = await speaking(speaker);
    mic.push(FIRST_TURN);
    const first = await takeUntil(events, "response.done");
    speaker.advance(10_000); // the whole reply was heard

    mic.push(pcmTone(200));
    await takeUntil(events, "input_audio_buffer.speech_started");
    await stop();
    // The retrieve goes out after any truncate stream would have sent for that speech_started.
    await roundTrip(session, events, userItemId(first));
    expect(clientEvents(handle, "conversation.item.truncate")).toEqual([]);
    expect(clientEvents(handle, "input_audio_buffer.append").length).toBeGreaterThan(0);
  });

  it("a speaker that claims more than was received: audio_end_ms clamped to floor(received bytes / 48)", async () => {
    const speaker = overclaimingSpeaker();
    const { session, handle, events, mic, stop, seen } = await replyPlaying(speaker, STREAMING);
    speaker.advance(5_000); // far past the 3200 ms reply, let alone what has arrived
    mic.push(pcmTone(200));
    seen.push(...(await takeUntil(events, "input_audio_buffer.speech_started")));
    await stop();
    const itemId = assistantItemId(seen);
    // Writes after the barge-in are refused, so what the speaker got is what had been received.
    const receivedBytes = written(speaker, itemId).byteLength;
    const expected = Math.floor(receivedBytes / PCM16_BYTES_PER_MS);
    expect(speaker.playedMs({ itemId, contentIndex: 0 })).toBe(5_000);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(3200);

    await roundTrip(session, events, userItemId(seen));
    const truncates = clientEvents(handle, "conversation.item.truncate");
    expect(truncates).toEqual([
      expect.objectContaining({ item_id: itemId, content_index: 0, audio_end_ms: expected }),
    ]);
  });

  it("the clamped truncate is accepted once the reply has fully arrived (no 'already shorter' error)", async () => {
    // A reply that has fully arrived is still "playing" while the speaker has played less than it;
    // with the clock past it, nothing is playing. So hold the speaker at 1199.5 ms of 1200 ms:
    // audio_end_ms = floor(min(1199.5, 1200)) = 1199, and the server keeps 1199 ms.
    const speaker = createFakeSpeaker();
    const { session, handle, events, mic, stop } = await speaking(speaker);
    mic.push(LONG_TURN);
    const seen = await takeUntil(events, "response.done");
    const itemId = assistantItemId(seen);
    speaker.advance(1199.5);
    mic.push(pcmTone(200));
    seen.push(...(await takeUntil(events, "conversation.item.truncated", "error")));
    await stop();
    expect(seen.at(-1)).toMatchObject({
      type: "conversation.item.truncated",
      item_id: itemId,
      audio_end_ms: 1199,
    });
    const assistant = await roundTrip(session, events, itemId);
    expect(audioOf(assistant).length).toBe(msToSamples(1199));
    expect(clientEvents(handle, "conversation.item.truncate")).toHaveLength(1);
  });
});
