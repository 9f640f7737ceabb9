import { semanticVadDefaults, serverVadDefaults } from "./defaults.js";
import { clone, isObject, type JsonObject, type JsonValue } from "./json.js";

/** An audio format the service supports, and how many bytes one millisecond of it takes. */
export type AudioFormat =
  | { type: "audio/pcm"; rate: 24000; bytesPerMs: 48 }
  | { type: "audio/pcmu"; bytesPerMs: 8 }
  | { type: "audio/pcma"; bytesPerMs: 8 };

/** Turn detection as the mock runs it. */
export type TurnDetection =
  | {
      type: "server_vad";
      threshold: number;
      prefixPaddingMs: number;
      silenceDurationMs: number;
      idleTimeoutMs: number | null;
      createResponse: boolean;
      interruptResponse: boolean;
    }
  | {
      type: "semantic_vad";
      eagerness: string;
      createResponse: boolean;
      interruptResponse: boolean;
    };

function child(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  const v = obj?.[key];
  return isObject(v) ? v : undefined;
}

/** Reads an audio format object (`{type, rate?}`); anything unknown reads as PCM 24 kHz. */
export function readFormat(value: JsonValue | undefined): AudioFormat {
  if (isObject(value) && value.type === "audio/pcmu") return { type: "audio/pcmu", bytesPerMs: 8 };
  if (isObject(value) && value.type === "audio/pcma") return { type: "audio/pcma", bytesPerMs: 8 };
  return { type: "audio/pcm", rate: 24000, bytesPerMs: 48 };
}

/** The session's input audio format. */
export function inputFormat(session: JsonObject): AudioFormat {
  return readFormat(child(child(session, "audio"), "input")?.format);
}

/** The session's output audio format. */
export function outputFormat(session: JsonObject): AudioFormat {
  return readFormat(child(child(child(session, "audio"), "output"), "format"));
}

/** The session's voice (a name or `{id}`). */
export function outputVoice(session: JsonObject): JsonValue {
  return child(child(session, "audio"), "output")?.voice ?? "alloy";
}

/** `"audio"` or `"text"`: what responses produce by default. */
export function outputModality(modalities: JsonValue | undefined): "audio" | "text" {
  return Array.isArray(modalities) && modalities[0] === "text" ? "text" : "audio";
}

/** The session's turn detection, or `null` when it is off. */
export function turnDetection(session: JsonObject): TurnDetection | null {
  const td = child(child(session, "audio"), "input")?.turn_detection;
  if (!isObject(td)) return null;
  const bool = (v: JsonValue | undefined, d: boolean) => (typeof v === "boolean" ? v : d);
  const num = (v: JsonValue | undefined, d: number) => (typeof v === "number" ? v : d);
  if (td.type === "semantic_vad") {
    return {
      type: "semantic_vad",
      eagerness: typeof td.eagerness === "string" ? td.eagerness : "auto",
      createResponse: bool(td.create_response, true),
      interruptResponse: bool(td.interrupt_response, true),
    };
  }
  return {
    type: "server_vad",
    threshold: num(td.threshold, 0.5),
    prefixPaddingMs: num(td.prefix_padding_ms, 300),
    silenceDurationMs: num(td.silence_duration_ms, 200),
    idleTimeoutMs: typeof td.idle_timeout_ms === "number" ? td.idle_timeout_ms : null,
    createResponse: bool(td.create_response, true),
    interruptResponse: bool(td.interrupt_response, true),
  };
}

function fillTurnDetection(value: JsonValue | undefined): JsonValue | undefined {
  if (!isObject(value)) return value;
  const defaults = value.type === "semantic_vad" ? semanticVadDefaults() : serverVadDefaults();
  return { ...defaults, ...value };
}

/**
 * Applies a `session.update` to the effective config: only the fields sent change, `audio`,
 * `audio.input` and `audio.output` merge key by key, everything else is replaced. A turn
 * detection object gets the defaults of its type for the fields it leaves out.
 */
export function mergeSession(current: JsonObject, update: JsonObject): JsonObject {
  const next = clone(current);
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined) continue;
    if (key === "audio" && isObject(value)) {
      const audio: JsonObject = { ...(child(next, "audio") ?? {}) };
      for (const side of ["input", "output"] as const) {
        const patch = value[side];
        if (!isObject(patch)) continue;
        const merged: JsonObject = { ...(child(audio, side) ?? {}) };
        for (const [k, v] of Object.entries(patch)) {
          if (v === undefined) continue;
          merged[k] = k === "turn_detection" ? fillTurnDetection(clone(v)) : clone(v);
        }
        audio[side] = merged;
      }
      next.audio = audio;
    } else {
      next[key] = clone(value);
    }
  }
  return next;
}
