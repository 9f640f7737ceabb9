import type { StreamEvent } from "@echo/core";
import { describe, expect, it } from "vitest";
import {
  initialVoiceState,
  reduceVoice,
  type VoiceAction,
  type VoiceState,
  whoIsSpeaking,
} from "../src/voice/state.js";

const server = (event: object): VoiceAction => ({ type: "server", event: event as StreamEvent });

function run(actions: VoiceAction[], from: VoiceState = initialVoiceState()): VoiceState {
  return actions.reduce(reduceVoice, from);
}

/** One spoken turn as the server reports it, with the transcription arriving late. */
const turn: VoiceAction[] = [
  server({ type: "input_audio_buffer.speech_started", audio_start_ms: 100, item_id: "item_u1" }),
  server({ type: "input_audio_buffer.speech_stopped", audio_end_ms: 1800, item_id: "item_u1" }),
  { type: "speech-ended", at: 10_000 },
  server({ type: "input_audio_buffer.committed", item_id: "item_u1", previous_item_id: null }),
  server({ type: "response.created", response: { id: "resp_1" } }),
  server({
    type: "response.output_audio_transcript.delta",
    item_id: "item_a1",
    delta: "You said:",
    response_id: "resp_1",
    output_index: 0,
    content_index: 0,
  }),
  { type: "first-audio", itemId: "item_a1", at: 10_640 },
  server({
    type: "conversation.item.input_audio_transcription.completed",
    item_id: "item_u1",
    content_index: 0,
    transcript: "(1.7 s of speech)",
  }),
  server({
    type: "response.output_audio_transcript.delta",
    item_id: "item_a1",
    delta: " hi",
    response_id: "resp_1",
    output_index: 0,
    content_index: 0,
  }),
];

const done = server({
  type: "response.done",
  response: { id: "resp_1", status: "completed", output: [{ id: "item_a1" }] },
});

describe("reduceVoice", () => {
  it("keeps both sides of a turn in speaking order, with the turn's latency", () => {
    const state = run([...turn, done]);
    expect(state.lines).toEqual([
      { id: "item_u1", role: "user", text: "(1.7 s of speech)", done: true },
      { id: "item_a1", role: "assistant", text: "You said: hi", done: true, latencyMs: 640 },
    ]);
    expect(state.turns).toEqual([640]);
    expect(state.responding).toBe(false);
    expect(state.endOfSpeechAt).toBeUndefined();
  });

  it("a reply without a spoken turn before it (the greeting) has no latency", () => {
    const state = run([{ type: "first-audio", itemId: "item_a0", at: 5 }]);
    expect(state.turns).toEqual([]);
    expect(state.lines).toEqual([]);
  });

  it("marks a cancelled reply as interrupted", () => {
    const cancelled = server({
      type: "response.done",
      response: { id: "resp_1", status: "cancelled", output: [{ id: "item_a1" }] },
    });
    const state = run([...turn, cancelled]);
    expect(state.lines[1]).toMatchObject({ done: true, interrupted: true });
  });

  it("tracks who is speaking from the VAD and the speaker", () => {
    let state = run(turn.slice(0, 1));
    expect(whoIsSpeaking(state)).toBe("you");
    state = reduceVoice(state, { type: "levels", inputDb: -20, outputDb: -12, playing: true });
    expect(whoIsSpeaking(state)).toBe("both");
    state = run(turn.slice(1, 2), state);
    expect(whoIsSpeaking(state)).toBe("assistant");
    expect(state.inputDb).toBe(-20);
    state = reduceVoice(state, { type: "levels", inputDb: -90, outputDb: -90, playing: false });
    expect(whoIsSpeaking(state)).toBe("nobody");
  });

  it("adds server errors and notes as lines, and keeps notices, commands and help", () => {
    let state = run([
      server({ type: "error", error: { type: "invalid_request_error", message: "bad thing" } }),
      { type: "note", text: "device gone" },
      { type: "notice", text: "muted" },
      { type: "command", text: "/he" },
      { type: "help", show: true },
      { type: "mic", mic: { kind: "push-to-talk", held: true } },
    ]);
    expect(state.lines.map((l) => [l.role, l.text])).toEqual([
      ["note", "server error: bad thing"],
      ["note", "device gone"],
    ]);
    expect(state).toMatchObject({ notice: "muted", command: "/he", help: true });
    expect(state.mic).toEqual({ kind: "push-to-talk", held: true });
    state = run(
      [
        { type: "notice", text: undefined },
        { type: "command", text: undefined },
      ],
      state,
    );
    expect(state.notice).toBeUndefined();
    expect(state.command).toBeUndefined();
  });

  it("never changes the state it is given", () => {
    const before = run(turn);
    const snapshot = structuredClone(before);
    run([done, { type: "interrupted" }], before);
    expect(before).toEqual(snapshot);
  });
});
