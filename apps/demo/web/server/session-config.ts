/**
 * The session every demo call starts with (baked into its client secret, so the browser cannot
 * change the model): server VAD turns, the user's speech transcribed, a short spoken answer.
 */
export const DEMO_SESSION = {
  type: "realtime",
  model: "gpt-realtime",
  instructions: "You are a friendly voice assistant in a demo. Keep answers short.",
  audio: {
    input: {
      transcription: { model: "gpt-4o-mini-transcribe" },
      turn_detection: { type: "server_vad" },
    },
    output: { voice: "marin" },
  },
} as const;

/** How long a minted client secret works, in seconds (it only has to last until the call starts). */
export const SECRET_TTL_SECONDS = 60;
