import { VOICES } from "./defaults.js";
import { isObject, type JsonObject, type JsonValue } from "./json.js";

/** The client event types a GA WebSocket server accepts, in the order the real server lists them. */
export const CLIENT_EVENT_TYPES: readonly string[] = [
  "session.update",
  "input_audio_buffer.append",
  "input_audio_buffer.commit",
  "input_audio_buffer.clear",
  "conversation.item.create",
  "conversation.item.truncate",
  "conversation.item.delete",
  "conversation.item.retrieve",
  "response.create",
  "response.cancel",
];

/** A client event that passed validation (the mock reads its fields defensively). */
export interface ClientMessage extends JsonObject {
  type: string;
}

/** Why an event was rejected, as the real server reports it. */
export interface Rejection {
  code: string;
  param: string | null;
  message: string;
}

/** The outcome of validating one client event. */
export type Checked = { ok: true; event: ClientMessage } | { ok: false; rejection: Rejection };

const BETA_SESSION_FIELDS: Record<string, string> = {
  modalities: "output_modalities",
  voice: "audio.output.voice",
  input_audio_format: "audio.input.format",
  output_audio_format: "audio.output.format",
  input_audio_transcription: "audio.input.transcription",
  input_audio_noise_reduction: "audio.input.noise_reduction",
  turn_detection: "audio.input.turn_detection",
  temperature: "(nothing: GA has no temperature)",
  max_response_output_tokens: "max_output_tokens",
  speed: "audio.output.speed",
};

const REALTIME_FIELDS = new Set([
  "type",
  "model",
  "instructions",
  "output_modalities",
  "audio",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "reasoning",
  "max_output_tokens",
  "truncation",
  "tracing",
  "prompt",
  "include",
]);
const TRANSCRIPTION_FIELDS = new Set(["type", "audio", "include"]);

class Reject extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
  }
}

function fail(code: string, param: string | null, message: string): never {
  throw new Reject({ code, param, message });
}

function missing(param: string): never {
  return fail("missing_required_parameter", param, `Missing required parameter: '${param}'.`);
}
function unknown(param: string, hint = ""): never {
  return fail("unknown_parameter", param, `Unknown parameter: '${param}'.${hint}`);
}
function invalidValue(
  param: string,
  value: JsonValue | undefined,
  allowed: readonly string[],
): never {
  const list = allowed.map((a) => `'${a}'`).join(", ");
  return fail(
    "invalid_value",
    param,
    `Invalid value: '${String(value)}'. Supported values are: ${list}.`,
  );
}
function invalidType(param: string, expected: string, value: JsonValue | undefined): never {
  const got = Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
  return fail(
    "invalid_type",
    param,
    `Invalid type for '${param}': expected ${expected}, but got ${got} instead.`,
  );
}

function checkRange(
  param: string,
  value: JsonValue | undefined,
  min: number,
  max: number,
  integer: boolean,
): void {
  if (value === undefined) return;
  if (typeof value !== "number" || (integer && !Number.isInteger(value))) {
    invalidType(param, integer ? "an integer" : "a decimal", value);
  }
  const kind = integer ? "integer" : "decimal";
  if (value < min) {
    fail(
      `${kind}_below_min_value`,
      param,
      `Invalid '${param}': ${kind} below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
    );
  }
  if (value > max) {
    fail(
      `${kind}_above_max_value`,
      param,
      `Invalid '${param}': ${kind} above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
    );
  }
}

function checkKeys(obj: JsonObject, allowed: readonly string[], prefix: string): void {
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) unknown(`${prefix}.${key}`);
}

function checkFormat(value: JsonValue | undefined, param: string): void {
  if (value === undefined) return;
  if (!isObject(value)) invalidType(param, "an object", value);
  const types = ["audio/pcm", "audio/pcmu", "audio/pcma"];
  if (!types.includes(String(value.type))) invalidValue(`${param}.type`, value.type, types);
  checkKeys(value, value.type === "audio/pcm" ? ["type", "rate"] : ["type"], param);
  if (value.type === "audio/pcm") checkRange(`${param}.rate`, value.rate, 24000, 24000, true);
}

function checkTurnDetection(value: JsonValue | undefined, param: string): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) invalidType(param, "an object or null", value);
  if (value.type === "server_vad") {
    checkKeys(
      value,
      [
        "type",
        "threshold",
        "prefix_padding_ms",
        "silence_duration_ms",
        "idle_timeout_ms",
        "create_response",
        "interrupt_response",
      ],
      param,
    );
    checkRange(`${param}.threshold`, value.threshold, 0, 1, false);
    checkRange(`${param}.prefix_padding_ms`, value.prefix_padding_ms, 0, 10_000, true);
    checkRange(`${param}.silence_duration_ms`, value.silence_duration_ms, 0, 10_000, true);
    if (value.idle_timeout_ms !== null)
      checkRange(`${param}.idle_timeout_ms`, value.idle_timeout_ms, 5000, 30_000, true);
  } else if (value.type === "semantic_vad") {
    checkKeys(value, ["type", "eagerness", "create_response", "interrupt_response"], param);
    const eager = ["low", "medium", "high", "auto"];
    if (value.eagerness !== undefined && !eager.includes(String(value.eagerness))) {
      invalidValue(`${param}.eagerness`, value.eagerness, eager);
    }
  } else {
    invalidValue(`${param}.type`, value.type, ["server_vad", "semantic_vad"]);
  }
}

/** Checks a session config object; returns the rejection the real server would answer, or null. */
export function checkSessionConfig(
  session: JsonValue | undefined,
  param = "session",
): Rejection | null {
  try {
    checkSession(session, param);
    return null;
  } catch (e) {
    if (e instanceof Reject) return e.rejection;
    throw e;
  }
}

function checkSession(session: JsonValue | undefined, param = "session"): void {
  if (session === undefined) missing(param);
  if (!isObject(session)) invalidType(param, "an object", session);
  if (session.type === undefined) missing(`${param}.type`);
  if (session.type !== "realtime" && session.type !== "transcription") {
    invalidValue(`${param}.type`, session.type, ["realtime", "transcription"]);
  }
  const fields = session.type === "realtime" ? REALTIME_FIELDS : TRANSCRIPTION_FIELDS;
  for (const key of Object.keys(session)) {
    if (fields.has(key)) continue;
    const ga = BETA_SESSION_FIELDS[key];
    unknown(`${param}.${key}`, ga ? ` This is a beta-era field; the GA API uses '${ga}'.` : "");
  }
  if (session.instructions !== undefined && typeof session.instructions !== "string") {
    invalidType(`${param}.instructions`, "a string", session.instructions);
  }
  if (session.output_modalities !== undefined) {
    const m = session.output_modalities;
    if (!Array.isArray(m)) invalidType(`${param}.output_modalities`, "an array", m);
    if (m.length !== 1 || (m[0] !== "audio" && m[0] !== "text")) {
      invalidValue(`${param}.output_modalities`, JSON.stringify(m), ['["audio"]', '["text"]']);
    }
  }
  const mot = session.max_output_tokens;
  if (mot !== undefined && mot !== "inf")
    checkRange(`${param}.max_output_tokens`, mot, 1, 4096, true);
  const audio = session.audio;
  if (audio === undefined) return;
  if (!isObject(audio)) invalidType(`${param}.audio`, "an object", audio);
  checkKeys(audio, session.type === "realtime" ? ["input", "output"] : ["input"], `${param}.audio`);
  const input = audio.input;
  if (input !== undefined) {
    if (!isObject(input)) invalidType(`${param}.audio.input`, "an object", input);
    checkKeys(
      input,
      ["format", "transcription", "noise_reduction", "turn_detection"],
      `${param}.audio.input`,
    );
    checkFormat(input.format, `${param}.audio.input.format`);
    checkTurnDetection(input.turn_detection, `${param}.audio.input.turn_detection`);
    const nr = input.noise_reduction;
    if (nr !== undefined && nr !== null) {
      if (!isObject(nr) || (nr.type !== "near_field" && nr.type !== "far_field")) {
        invalidValue(
          `${param}.audio.input.noise_reduction.type`,
          isObject(nr) ? nr.type : undefined,
          ["near_field", "far_field"],
        );
      }
    }
  }
  const output = audio.output;
  if (output !== undefined) {
    if (!isObject(output)) invalidType(`${param}.audio.output`, "an object", output);
    checkKeys(output, ["format", "voice", "speed"], `${param}.audio.output`);
    checkFormat(output.format, `${param}.audio.output.format`);
    checkRange(`${param}.audio.output.speed`, output.speed, 0.25, 1.5, false);
    const voice = output.voice;
    if (voice !== undefined && !isObject(voice) && !VOICES.includes(String(voice))) {
      invalidValue(`${param}.audio.output.voice`, voice, VOICES);
    }
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MAX_APPEND_BASE64 = 15 * 1024 * 1024;

function requireString(ev: JsonObject, key: string): void {
  if (ev[key] === undefined) missing(key);
  if (typeof ev[key] !== "string") invalidType(key, "a string", ev[key]);
}

function checkItem(item: JsonValue | undefined): void {
  if (item === undefined) missing("item");
  if (!isObject(item)) invalidType("item", "an object", item);
  const types = ["message", "function_call", "function_call_output", "mcp_approval_response"];
  if (!types.includes(String(item.type))) invalidValue("item.type", item.type, types);
  if (item.type === "message") {
    const roles = ["user", "assistant", "system"];
    if (!roles.includes(String(item.role))) invalidValue("item.role", item.role, roles);
    if (!Array.isArray(item.content)) missing("item.content");
    item.content.forEach((part, i) => {
      if (!isObject(part)) invalidType(`item.content[${i}]`, "an object", part);
      if (item.role === "assistant" && part.type === "output_audio" && part.audio !== undefined) {
        fail(
          "invalid_value",
          `item.content[${i}].audio`,
          "Assistant audio cannot be created by the client.",
        );
      }
      if (
        part.type === "input_audio" &&
        typeof part.audio === "string" &&
        !BASE64.test(part.audio)
      ) {
        fail(
          "invalid_base64",
          `item.content[${i}].audio`,
          "Invalid base64: audio must be base64-encoded audio bytes.",
        );
      }
    });
  }
  if (item.type === "function_call_output" && typeof item.call_id !== "string")
    missing("item.call_id");
  if (item.type === "function_call_output" && typeof item.output !== "string")
    missing("item.output");
  if (item.type === "function_call" && typeof item.name !== "string") missing("item.name");
}

function checkEvent(ev: ClientMessage): void {
  if (ev.event_id !== undefined && (typeof ev.event_id !== "string" || ev.event_id.length > 512)) {
    fail(
      "invalid_value",
      "event_id",
      "Invalid 'event_id': expected a string of at most 512 characters.",
    );
  }
  switch (ev.type) {
    case "session.update":
      checkSession(ev.session);
      return;
    case "input_audio_buffer.append": {
      requireString(ev, "audio");
      const audio = String(ev.audio);
      if (audio.length > MAX_APPEND_BASE64) {
        fail(
          "string_above_max_length",
          "audio",
          "Invalid 'audio': string too long. Expected at most 15 MiB.",
        );
      }
      if (!BASE64.test(audio))
        fail(
          "invalid_base64",
          "audio",
          "Invalid base64: 'audio' must be base64-encoded audio bytes.",
        );
      return;
    }
    case "conversation.item.create":
      checkItem(ev.item);
      return;
    case "conversation.item.truncate":
      requireString(ev, "item_id");
      if (ev.content_index === undefined) missing("content_index");
      if (ev.audio_end_ms === undefined) missing("audio_end_ms");
      checkRange("content_index", ev.content_index, 0, Number.MAX_SAFE_INTEGER, true);
      checkRange("audio_end_ms", ev.audio_end_ms, 0, Number.MAX_SAFE_INTEGER, true);
      return;
    case "conversation.item.delete":
    case "conversation.item.retrieve":
      requireString(ev, "item_id");
      return;
    case "response.create": {
      const r = ev.response;
      if (r === undefined) return;
      if (!isObject(r)) invalidType("response", "an object", r);
      if (r.conversation !== undefined && r.conversation !== "auto" && r.conversation !== "none") {
        invalidValue("response.conversation", r.conversation, ["auto", "none"]);
      }
      const m = r.output_modalities;
      if (
        m !== undefined &&
        (!Array.isArray(m) || m.length !== 1 || (m[0] !== "audio" && m[0] !== "text"))
      ) {
        invalidValue("response.output_modalities", JSON.stringify(m), ['["audio"]', '["text"]']);
      }
      if (r.max_output_tokens !== undefined && r.max_output_tokens !== "inf") {
        checkRange("response.max_output_tokens", r.max_output_tokens, 1, 4096, true);
      }
      if (r.input !== undefined && !Array.isArray(r.input))
        invalidType("response.input", "an array", r.input);
      return;
    }
    case "response.cancel":
      if (ev.response_id !== undefined && typeof ev.response_id !== "string") {
        invalidType("response_id", "a string", ev.response_id);
      }
      return;
    default:
      return;
  }
}

/**
 * Validates one parsed client event the way the real server does and returns the rejection it
 * would answer with. An unknown `type` is `invalid_value` with `param: "type"`.
 */
export function checkClientEvent(value: unknown): Checked {
  if (!isObject(value)) {
    return {
      ok: false,
      rejection: { code: "invalid_type", param: null, message: "Expected an object event." },
    };
  }
  if (typeof value.type !== "string" || !CLIENT_EVENT_TYPES.includes(value.type)) {
    const list = CLIENT_EVENT_TYPES.join(", ");
    return {
      ok: false,
      rejection: {
        code: "invalid_value",
        param: "type",
        message: `Invalid value: '${String(value.type)}'. Supported values are: ${list}.`,
      },
    };
  }
  const ev = value as ClientMessage;
  try {
    checkEvent(ev);
  } catch (e) {
    if (e instanceof Reject) return { ok: false, rejection: e.rejection };
    throw e;
  }
  return { ok: true, event: ev };
}
