import { describe, expect, it } from "vitest";
import { MAX_AUDIO_BASE64_LENGTH, safeValidate } from "../src/index.js";

/** The message a user sees for `event`. */
function messageFor(event: unknown): string {
  const result = safeValidate(event);
  if (result.success) throw new Error("expected the event to be rejected");
  return result.error.message;
}

describe("error messages (what a user sees)", () => {
  it("a beta-era session", () => {
    expect(
      messageFor({
        type: "session.update",
        session: {
          modalities: ["text", "audio"],
          voice: "alloy",
          input_audio_format: "pcm16",
          turn_detection: { type: "server_vad" },
          temperature: 0.8,
        },
      }),
    ).toMatchInlineSnapshot(`
      "Invalid "session.update" event (6 problems):
        - session.type: is required: one of "realtime", "transcription" [missing_required_parameter]
        - session.modalities: is beta-era; use "output_modalities" (["audio"] or ["text"], not both) [unknown_parameter]
        - session.voice: is beta-era at this level; use "audio.output.voice" [unknown_parameter]
        - session.input_audio_format: is beta-era; use "audio.input.format", e.g. {"type":"audio/pcm","rate":24000} [unknown_parameter]
        - session.turn_detection: is beta-era at this level; use "audio.input.turn_detection" [unknown_parameter]
        - session.temperature: is beta-era and was removed in GA with no replacement; remove it [unknown_parameter]"
    `);
  });

  it("a GA session with values out of range", () => {
    expect(
      messageFor({
        type: "session.update",
        session: {
          type: "realtime",
          output_modalities: ["audio", "text"],
          audio: {
            input: {
              format: { type: "audio/pcm", rate: 16000 },
              turn_detection: { type: "server_vad", threshold: 1.5, idle_timeout_ms: 1000 },
            },
            output: { voice: "nova", speed: 2 },
          },
          max_output_tokens: 8192,
          bogus_field: true,
        },
      }),
    ).toMatchInlineSnapshot(`
      "Invalid "session.update" event (8 problems):
        - session.output_modalities: must be ["audio"] or ["text"] (exactly one modality) (got ["audio","text"]) [invalid_value]
        - session.audio.input.format.rate: Expected a value >= 24000 (got 16000); only 24000 is supported [integer_below_min_value]
        - session.audio.input.turn_detection.threshold: must be <= 1 (got 1.5) [decimal_above_max_value]
        - session.audio.input.turn_detection.idle_timeout_ms: must be >= 5000 (got 1000) [integer_below_min_value]
        - session.audio.output.voice: must be one of "alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar", or {"id":"voice_..."} (got "nova") [invalid_value]
        - session.audio.output.speed: must be <= 1.5 (got 2) [decimal_above_max_value]
        - session.max_output_tokens: must be <= 4096 (got 8192) [integer_above_max_value]
        - session.bogus_field: is not a parameter here; remove it (the server rejects unknown parameters) [unknown_parameter]"
    `);
  });

  it("a function_call_output without call_id", () => {
    expect(
      messageFor({
        type: "conversation.item.create",
        item: { type: "function_call_output", output: '{"ok":true}' },
      }),
    ).toMatchInlineSnapshot(`
      "Invalid "conversation.item.create" event (1 problem):
        - item.call_id: is required (a string); set it to the call_id of the function_call this output answers [missing_required_parameter]"
    `);
  });

  it("audio that is not base64, and audio over 15 MiB", () => {
    expect(
      messageFor({ type: "input_audio_buffer.append", audio: "data:audio/wav;base64,UklGR" }),
    ).toMatchInlineSnapshot(`
      "Invalid "input_audio_buffer.append" event (1 problem):
        - audio: must be standard base64 (A-Z a-z 0-9 + /, padded with = to a multiple of 4); encode the raw audio bytes, not a data URI [invalid_base64]"
    `);
    expect(
      messageFor({
        type: "input_audio_buffer.append",
        audio: "A".repeat(MAX_AUDIO_BASE64_LENGTH + 4),
      }),
    ).toMatchInlineSnapshot(`
      "Invalid "input_audio_buffer.append" event (1 problem):
        - audio: must be at most 15 MiB (15728640 characters) of base64 per event (got 15728644); send the audio in smaller appends (20-100 ms each) [string_above_max_length]"
    `);
  });

  it("beta event and content names", () => {
    expect(
      messageFor({ type: "transcription_session.update", session: {} }),
    ).toMatchInlineSnapshot(`
      "Invalid "transcription_session.update" event (1 problem):
        - type: is the beta event; send "session.update" with session.type "transcription" [invalid_value]"
    `);
    expect(
      messageFor({
        type: "conversation.item.create",
        item: { type: "message", role: "user", content: [{ type: "text", text: "hi" }] },
      }),
    ).toMatchInlineSnapshot(`
      "Invalid "conversation.item.create" event (1 problem):
        - item.content[0].type: must be one of "input_text", "input_audio", "input_image" (got "text"); beta "text" is "input_text" (user, system) or "output_text" (assistant) in GA [invalid_value]"
    `);
    expect(
      messageFor({ type: "response.create", response: { modalities: ["text"], voice: "ash" } }),
    ).toMatchInlineSnapshot(`
      "Invalid "response.create" event (2 problems):
        - response.modalities: is beta-era; use "output_modalities" (["audio"] or ["text"], not both) [unknown_parameter]
        - response.voice: is beta-era at this level; use "audio.output.voice" [unknown_parameter]"
    `);
  });

  it("an unknown type, a missing type and a non-object", () => {
    expect(messageFor({ type: "response.audio.delta" })).toMatchInlineSnapshot(`
      "Invalid "response.audio.delta" event (1 problem):
        - type: "response.audio.delta" is not a client event; use one of session.update, input_audio_buffer.append, input_audio_buffer.commit, input_audio_buffer.clear, conversation.item.create, conversation.item.retrieve, conversation.item.truncate, conversation.item.delete, response.create, response.cancel, output_audio_buffer.clear [invalid_value]"
    `);
    expect(messageFor({ audio: "AAAA" })).toMatchInlineSnapshot(`
      "Invalid client event (1 problem):
        - type: is required: one of session.update, input_audio_buffer.append, input_audio_buffer.commit, input_audio_buffer.clear, conversation.item.create, conversation.item.retrieve, conversation.item.truncate, conversation.item.delete, response.create, response.cancel, output_audio_buffer.clear [missing_required_parameter]"
    `);
    expect(messageFor('{"type":"response.create"}')).toMatchInlineSnapshot(`
      "Invalid client event (1 problem):
        - (event): must be an object with a "type" (got string); pass the event object, not its JSON text [invalid_type]"
    `);
  });

  it("a truncate with a fractional time", () => {
    expect(
      messageFor({
        type: "conversation.item.truncate",
        item_id: "item_1",
        content_index: 0,
        audio_end_ms: 1234.5,
      }),
    ).toMatchInlineSnapshot(`
      "Invalid "conversation.item.truncate" event (1 problem):
        - audio_end_ms: must be an integer (got 1234.5); round it, e.g. Math.floor [invalid_type]"
    `);
  });
});
