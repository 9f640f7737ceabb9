import { describe, expect, it } from "vitest";
import { messageCases as c, messageFor } from "./message-cases.js";

describe("error messages (what a user sees)", () => {
  it("a beta-era session", () => {
    expect(messageFor(c.betaSession)).toMatchInlineSnapshot(`
      "Invalid "session.update" event (6 problems):
        - session.type is required: one of "realtime", "transcription" [missing_required_parameter]
        - session.modalities is beta-era; use "output_modalities" (["audio"] or ["text"], not both) [unknown_parameter]
        - session.voice is beta-era at this level; use "audio.output.voice" [unknown_parameter]
        - session.input_audio_format is beta-era; use "audio.input.format", e.g. {"type":"audio/pcm","rate":24000} [unknown_parameter]
        - session.turn_detection is beta-era at this level; use "audio.input.turn_detection" [unknown_parameter]
        - session.temperature is beta-era and was removed in GA with no replacement; remove it [unknown_parameter]"
    `);
  });

  it("a GA session with values out of range", () => {
    expect(messageFor(c.outOfRange)).toMatchInlineSnapshot(`
      "Invalid "session.update" event (8 problems):
        - session.output_modalities must be ["audio"] or ["text"] (exactly one modality) (got ["audio","text"]) [invalid_value]
        - session.audio.input.format.rate must be 24000, the only value supported (got 16000) [integer_below_min_value]
        - session.audio.input.turn_detection.threshold must be <= 1 (got 1.5) [decimal_above_max_value]
        - session.audio.input.turn_detection.idle_timeout_ms must be >= 5000 (got 1000) [integer_below_min_value]
        - session.audio.output.voice must be one of "alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar", or {"id":"voice_..."} (got "nova") [invalid_value]
        - session.audio.output.speed must be <= 1.5 (got 2) [decimal_above_max_value]
        - session.max_output_tokens must be <= 4096 (got 8192) [integer_above_max_value]
        - session.bogus_field is not a parameter here; remove it (the server rejects unknown parameters) [unknown_parameter]"
    `);
  });

  it("a function name the API does not allow", () => {
    expect(messageFor(c.badToolName)).toMatchInlineSnapshot(`
      "Invalid "session.update" event (1 problem):
        - session.tools[0].name must match the pattern /^[a-zA-Z0-9_-]{1,64}$/ (letters, digits, _ and -, at most 64; no spaces or dots) (got "get weather") [invalid_value]"
    `);
  });

  it("a function_call_output without call_id", () => {
    expect(messageFor(c.noCallId)).toMatchInlineSnapshot(`
      "Invalid "conversation.item.create" event (1 problem):
        - item.call_id is required (a string); set it to the call_id of the function_call this output answers [missing_required_parameter]"
    `);
  });

  it("audio that is not base64, and audio over 15 MiB", () => {
    expect(messageFor(c.notBase64)).toMatchInlineSnapshot(`
      "Invalid "input_audio_buffer.append" event (1 problem):
        - audio must be standard base64 (A-Z a-z 0-9 + /, padded with = to a multiple of 4); encode the raw audio bytes, not a data URI [invalid_base64]"
    `);
    expect(messageFor(c.tooBig)).toMatchInlineSnapshot(`
      "Invalid "input_audio_buffer.append" event (1 problem):
        - audio must be at most 15 MiB (15728640 characters) of base64 per event (got 15728644); send the audio in smaller appends (20-100 ms each) [string_above_max_length]"
    `);
  });

  it("beta event and content names", () => {
    expect(messageFor(c.betaEvent)).toMatchInlineSnapshot(`
      "Invalid "transcription_session.update" event (1 problem):
        - type "transcription_session.update" is the beta event; send "session.update" with session.type "transcription" [invalid_value]"
    `);
    expect(messageFor(c.betaContent)).toMatchInlineSnapshot(`
      "Invalid "conversation.item.create" event (1 problem):
        - item.content[0].type must be one of "input_text", "input_audio", "input_image" (got "text"); beta "text" is "input_text" (user, system) or "output_text" (assistant) in GA [invalid_value]"
    `);
    expect(messageFor(c.betaResponse)).toMatchInlineSnapshot(`
      "Invalid "response.create" event (2 problems):
        - response.modalities is beta-era; use "output_modalities" (["audio"] or ["text"], not both) [unknown_parameter]
        - response.voice is beta-era at this level; use "audio.output.voice" [unknown_parameter]"
    `);
  });

  it("a fractional time, and JSON text instead of an object", () => {
    expect(messageFor(c.fractional)).toMatchInlineSnapshot(`
      "Invalid "conversation.item.truncate" event (1 problem):
        - audio_end_ms must be an integer (got 1234.5); round it, e.g. Math.floor [invalid_type]"
    `);
    expect(messageFor(c.jsonText)).toMatchInlineSnapshot(`
      "Invalid client event (1 problem):
        - the event must be an object with a "type" (got string); pass the event object, not its JSON text [invalid_type]"
    `);
  });

  it("an unknown type and a missing type", () => {
    expect(messageFor({ type: "response.audio.delta" })).toMatchInlineSnapshot(`
      "Invalid "response.audio.delta" event (1 problem):
        - type "response.audio.delta" is not a client event; use one of session.update, input_audio_buffer.append, input_audio_buffer.commit, input_audio_buffer.clear, conversation.item.create, conversation.item.retrieve, conversation.item.truncate, conversation.item.delete, response.create, response.cancel, output_audio_buffer.clear [invalid_value]"
    `);
    expect(messageFor({ audio: "AAAA" })).toMatchInlineSnapshot(`
      "Invalid client event (1 problem):
        - type is required: one of session.update, input_audio_buffer.append, input_audio_buffer.commit, input_audio_buffer.clear, conversation.item.create, conversation.item.retrieve, conversation.item.truncate, conversation.item.delete, response.create, response.cancel, output_audio_buffer.clear [missing_required_parameter]"
    `);
  });
});
