import { MAX_AUDIO_BASE64_LENGTH, safeValidate } from "../src/index.js";

/** The message a user sees for `event`. */
export function messageFor(event: unknown): string {
  const result = safeValidate(event);
  if (result.success) throw new Error("expected the event to be rejected");
  return result.error.message;
}

/** The rejected events whose messages the README shows (and the tests snapshot). */
export const messageCases = {
  betaSession: {
    type: "session.update",
    session: {
      modalities: ["text", "audio"],
      voice: "alloy",
      input_audio_format: "pcm16",
      turn_detection: { type: "server_vad" },
      temperature: 0.8,
    },
  },
  outOfRange: {
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
  },
  badToolName: {
    type: "session.update",
    session: { type: "realtime", tools: [{ type: "function", name: "get weather" }] },
  },
  noCallId: {
    type: "conversation.item.create",
    item: { type: "function_call_output", output: '{"ok":true}' },
  },
  notBase64: { type: "input_audio_buffer.append", audio: "data:audio/wav;base64,UklGR" },
  tooBig: { type: "input_audio_buffer.append", audio: "A".repeat(MAX_AUDIO_BASE64_LENGTH + 4) },
  betaEvent: { type: "transcription_session.update", session: {} },
  betaContent: {
    type: "conversation.item.create",
    item: { type: "message", role: "user", content: [{ type: "text", text: "hi" }] },
  },
  betaResponse: { type: "response.create", response: { modalities: ["text"], voice: "ash" } },
  fractional: {
    type: "conversation.item.truncate",
    item_id: "item_1",
    content_index: 0,
    audio_end_ms: 1234.5,
  },
  jsonText: '{"type":"response.create"}',
} as const;
