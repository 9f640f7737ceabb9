import type { TurnDetection } from "./session-config.js";
import type { VadSettings } from "./vad.js";

/** The energy VAD settings that stand in for a session's `turn_detection` config. */
export function vadSettingsFor(td: TurnDetection): VadSettings {
  return td.type === "server_vad"
    ? {
        threshold: td.threshold,
        prefixPaddingMs: td.prefixPaddingMs,
        silenceDurationMs: td.silenceDurationMs,
      }
    : {
        // semantic_vad is approximated by energy with a silence window per eagerness.
        threshold: 0.5,
        prefixPaddingMs: 300,
        silenceDurationMs: { low: 1500, medium: 700, auto: 700, high: 300 }[td.eagerness] ?? 700,
      };
}
