import type { SessionEvent } from "@echo/core";
import { describe, expect, it } from "vitest";
import { Transcript } from "../../web/page/transcript.js";

const ev = (e: Record<string, unknown>) => e as unknown as SessionEvent;

function lines(t: Transcript) {
  return t.lines.map((l) => `${l.role}${l.done ? "" : "…"}: ${l.text}`);
}

describe("page transcript", () => {
  it("shows typed user text and the assistant's audio transcript as it streams", () => {
    const t = new Transcript();
    t.apply(
      ev({
        type: "conversation.item.added",
        item: {
          id: "u1",
          type: "message",
          role: "user",
          content: [{ type: "input_text", text: "hello" }],
        },
      }),
    );
    t.apply(ev({ type: "response.output_audio_transcript.delta", item_id: "a1", delta: "Hel" }));
    expect(lines(t)).toEqual(["user: hello", "assistant…: Hel"]);
    t.apply(ev({ type: "response.output_audio_transcript.delta", item_id: "a1", delta: "lo" }));
    t.apply(
      ev({ type: "response.output_audio_transcript.done", item_id: "a1", transcript: "Hello!" }),
    );
    expect(lines(t)).toEqual(["user: hello", "assistant: Hello!"]);
  });

  it("keeps a spoken turn in place from speech_started, before the reply, until its transcript", () => {
    const t = new Transcript();
    t.apply(ev({ type: "input_audio_buffer.speech_started", item_id: "u1", audio_start_ms: 0 }));
    t.apply(ev({ type: "response.output_text.delta", item_id: "a1", delta: "Sure" }));
    t.apply(
      ev({
        type: "conversation.item.input_audio_transcription.delta",
        item_id: "u1",
        delta: "can ",
      }),
    );
    expect(lines(t)).toEqual(["user…: can ", "assistant…: Sure"]);
    t.apply(
      ev({
        type: "conversation.item.input_audio_transcription.completed",
        item_id: "u1",
        content_index: 0,
        transcript: "can you help?",
      }),
    );
    t.apply(ev({ type: "response.output_text.done", item_id: "a1", text: "Sure." }));
    expect(lines(t)).toEqual(["user: can you help?", "assistant: Sure."]);
  });

  it("ignores events that carry no words, and assistant items echoed back as added", () => {
    const t = new Transcript();
    expect(t.apply(ev({ type: "session.created", session: {} }))).toBe(false);
    expect(
      t.apply(
        ev({
          type: "conversation.item.added",
          item: { id: "a1", type: "message", role: "assistant", content: [] },
        }),
      ),
    ).toBe(false);
    expect(t.lines).toEqual([]);
  });
});
