import { eventTypeOf, type ServerEvent, type UnknownServerEvent } from "@echo/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  isServerEventType,
  parseServerEvent,
  safeParseServerEvent,
  serverEventSchemas,
  ValidationError,
} from "../src/index.js";

const ids = { event_id: "event_1", response_id: "resp_1", item_id: "item_1" };
const part = { ...ids, output_index: 0, content_index: 0 };
const response = {
  object: "realtime.response",
  id: "resp_1",
  status: "in_progress",
  output: [],
  usage: null,
};
const item = {
  id: "item_1",
  type: "message",
  role: "assistant",
  status: "in_progress",
  content: [],
};

/** One realistic example per known server event type (as recorded from GA servers). */
const examples: Record<string, Record<string, unknown>> = {
  error: {
    event_id: "event_1",
    error: {
      type: "invalid_request_error",
      code: "invalid_value",
      message: "bad",
      param: "type",
      event_id: null,
    },
  },
  "session.created": {
    event_id: "event_1",
    session: { type: "realtime", object: "realtime.session", id: "sess_1", expires_at: 1 },
  },
  "session.updated": {
    event_id: "event_1",
    session: { type: "transcription", object: "realtime.transcription_session", id: "sess_1" },
  },
  "conversation.created": {
    event_id: "event_1",
    conversation: { id: "conv_1", object: "realtime.conversation" },
  },
  "conversation.item.added": { event_id: "event_1", previous_item_id: null, item },
  "conversation.item.done": { event_id: "event_1", previous_item_id: "item_0", item },
  "conversation.item.created": { event_id: "event_1", item },
  "conversation.item.retrieved": { event_id: "event_1", item },
  "conversation.item.truncated": {
    event_id: "event_1",
    item_id: "item_1",
    content_index: 0,
    audio_end_ms: 1500,
  },
  "conversation.item.deleted": { event_id: "event_1", item_id: "item_1" },
  "conversation.item.input_audio_transcription.delta": {
    event_id: "event_1",
    item_id: "item_1",
    content_index: 0,
    delta: "Hel",
    obfuscation: "x1y2",
  },
  "conversation.item.input_audio_transcription.completed": {
    event_id: "event_1",
    item_id: "item_1",
    content_index: 0,
    transcript: "Hello",
    usage: { type: "duration", seconds: 1.2 },
  },
  "conversation.item.input_audio_transcription.segment": {
    event_id: "event_1",
    item_id: "item_1",
    content_index: 0,
    id: "seg_1",
    text: "Hi",
    speaker: "A",
    start: 0,
    end: 0.5,
  },
  "conversation.item.input_audio_transcription.failed": {
    event_id: "event_1",
    item_id: "item_1",
    content_index: 0,
    error: { type: "transcription_error", message: "failed" },
  },
  "input_audio_buffer.speech_started": {
    event_id: "event_1",
    audio_start_ms: 100,
    item_id: "item_1",
  },
  "input_audio_buffer.speech_stopped": {
    event_id: "event_1",
    audio_end_ms: 900,
    item_id: "item_1",
  },
  "input_audio_buffer.committed": {
    event_id: "event_1",
    previous_item_id: null,
    item_id: "item_1",
  },
  "input_audio_buffer.cleared": { event_id: "event_1" },
  "input_audio_buffer.timeout_triggered": {
    event_id: "event_1",
    audio_start_ms: 0,
    audio_end_ms: 6000,
    item_id: "item_1",
  },
  "input_audio_buffer.dtmf_event_received": { event: "5", received_at: 1760000000 },
  "response.created": { event_id: "event_1", response },
  "response.done": {
    event_id: "event_1",
    response: {
      ...response,
      status: "completed",
      output: [item],
      usage: { total_tokens: 3, input_tokens: 1, output_tokens: 2 },
    },
  },
  "response.output_item.added": {
    event_id: "event_1",
    response_id: "resp_1",
    output_index: 0,
    item,
  },
  "response.output_item.done": {
    event_id: "event_1",
    response_id: "resp_1",
    output_index: 0,
    item,
  },
  "response.content_part.added": { ...part, part: { type: "audio", transcript: "" } },
  "response.content_part.done": { ...part, part: { type: "text", text: "Hi" } },
  "response.output_text.delta": { ...part, delta: "Hi", obfuscation: "abc" },
  "response.output_text.done": { ...part, text: "Hi" },
  "response.output_audio.delta": { ...part, delta: "AAAA" },
  "response.output_audio.done": part,
  "response.output_audio_transcript.delta": { ...part, delta: "Hi", obfuscation: "q" },
  "response.output_audio_transcript.done": { ...part, transcript: "Hi" },
  "response.function_call_arguments.delta": {
    ...ids,
    output_index: 0,
    call_id: "call_1",
    delta: "{",
  },
  "response.function_call_arguments.done": {
    ...ids,
    output_index: 0,
    call_id: "call_1",
    name: "f",
    arguments: "{}",
  },
  "response.mcp_call_arguments.delta": { ...ids, output_index: 0, delta: "{", obfuscation: null },
  "response.mcp_call_arguments.done": { ...ids, output_index: 0, arguments: "{}" },
  "response.mcp_call.in_progress": { event_id: "event_1", output_index: 0, item_id: "item_1" },
  "response.mcp_call.completed": { event_id: "event_1", output_index: 0, item_id: "item_1" },
  "response.mcp_call.failed": { event_id: "event_1", output_index: 0, item_id: "item_1" },
  "mcp_list_tools.in_progress": { event_id: "event_1", item_id: "item_1" },
  "mcp_list_tools.completed": { event_id: "event_1", item_id: "item_1" },
  "mcp_list_tools.failed": { event_id: "event_1", item_id: "item_1" },
  "rate_limits.updated": {
    event_id: "event_1",
    rate_limits: [{ name: "tokens", limit: 40000, remaining: 39000, reset_seconds: 1.5 }],
  },
  "output_audio_buffer.started": { event_id: "event_1", response_id: "resp_1" },
  "output_audio_buffer.stopped": { event_id: "event_1", response_id: "resp_1" },
  "output_audio_buffer.cleared": { event_id: "event_1", response_id: "resp_1" },
};

describe("parseServerEvent (lenient)", () => {
  it("has an example for every known server event type", () => {
    expect(Object.keys(examples).sort()).toEqual(Object.keys(serverEventSchemas).sort());
    expect(Object.keys(serverEventSchemas)).toHaveLength(46);
  });

  it.each(Object.entries(examples))(
    "%s parses, from an object and from JSON text",
    (type, fields) => {
      const event = { type, ...fields };
      const parsed = parseServerEvent(event);
      expect(parsed).toBe(event);
      expect(parseServerEvent(JSON.stringify(event))).toEqual(event);
      expect(safeParseServerEvent(event)).toMatchObject({ success: true, known: true });
      expect(isServerEventType(type)).toBe(true);
    },
  );

  it("keeps unknown keys such as obfuscation", () => {
    const ev = parseServerEvent({
      type: "response.output_text.delta",
      ...part,
      delta: "a",
      obfuscation: "zz",
      extra: { n: 1 },
    });
    expect(ev).toMatchObject({ obfuscation: "zz", extra: { n: 1 } });
  });

  it("passes unknown event types through as unknown events", () => {
    const raw = { type: "response.reasoning.delta", event_id: "event_9", delta: "hmm" };
    const result = safeParseServerEvent(raw);
    expect(result).toEqual({ success: true, data: raw, known: false });
    const ev = parseServerEvent(raw);
    expect(eventTypeOf(ev)).toBe("response.reasoning.delta");
    expectTypeOf(ev).toEqualTypeOf<ServerEvent | UnknownServerEvent>();
  });

  it("narrows parsed events by type", () => {
    const ev = parseServerEvent(JSON.stringify({ type: "error", ...examples.error }));
    if (ev.type === "error") {
      expect(ev.error.code).toBe("invalid_value");
    } else {
      expect.unreachable("an error event");
    }
  });

  it("rejects a known event without the fields a client relies on", () => {
    expect(() => parseServerEvent({ type: "response.output_audio.delta", event_id: "e" })).toThrow(
      ValidationError,
    );
    const result = safeParseServerEvent({
      type: "response.done",
      event_id: "e",
      response: { id: "r", status: "finished" },
    });
    expect(result.success ? [] : result.error.issues.map((i) => [i.param, i.code])).toEqual([
      ["response.status", "invalid_value"],
    ]);
  });

  it("rejects frames that are not events", () => {
    const cases = ["not json", "[1]", 42, null, { event_id: "e" }];
    expect(
      cases.map((c) => {
        const r = safeParseServerEvent(c);
        return r.success ? "ok" : `${r.error.issues[0]?.param}:${r.error.issues[0]?.code}`;
      }),
    ).toEqual([
      ":invalid_value",
      ":invalid_type",
      ":invalid_type",
      ":invalid_type",
      "type:missing_required_parameter",
    ]);
  });
});
