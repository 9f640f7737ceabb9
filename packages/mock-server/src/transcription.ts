import { decodeToPcm24k } from "./audio/pcm.js";
import type { StoredItem } from "./conversation.js";
import type { JsonObject } from "./json.js";

/** Turns 24 kHz PCM into the transcript the mock reports for it. */
export type Transcriber = (pcm24k: Int16Array) => string;

/**
 * The `input_audio_transcription.delta` and `.completed` events for a committed user audio item
 * (the mock sends the whole transcript in one delta).
 */
export function transcriptionEvents(
  stored: StoredItem,
  transcribe: Transcriber,
): (JsonObject & { type: string })[] {
  const bytes = stored.audio.get(0) ?? Buffer.alloc(0);
  const transcript = transcribe(decodeToPcm24k(bytes, stored.format));
  const seconds = bytes.length / stored.format.bytesPerMs / 1000;
  const ids = { item_id: stored.item.id, content_index: 0 };
  return [
    {
      type: "conversation.item.input_audio_transcription.delta",
      ...ids,
      delta: transcript,
    },
    {
      type: "conversation.item.input_audio_transcription.completed",
      ...ids,
      transcript,
      usage: { type: "duration", seconds: Math.round(seconds * 1000) / 1000 },
    },
  ];
}
