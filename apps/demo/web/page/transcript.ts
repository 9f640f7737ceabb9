import type { SessionEvent } from "@echo/core";

/** One line of the live transcript: what one side said in one conversation item. */
export interface TranscriptLine {
  readonly itemId: string;
  readonly role: "user" | "assistant";
  /** The text so far (deltas appended; replaced by the final text when it arrives). */
  text: string;
  /** `false` while deltas still arrive. */
  done: boolean;
}

/**
 * The transcript of both sides, built from server events only: the user's typed messages and
 * the transcription of their speech, the assistant's audio transcript or text. Lines keep the
 * order in which their items first appeared.
 */
export class Transcript {
  readonly #lines = new Map<string, TranscriptLine>();

  /** Every line, oldest first. */
  get lines(): readonly TranscriptLine[] {
    return [...this.#lines.values()];
  }

  /** Applies one event; returns whether the transcript changed. */
  apply(ev: SessionEvent): boolean {
    switch (ev.type) {
      case "conversation.item.added": {
        const item = ev.item;
        if (item.type !== "message" || item.role !== "user") return false;
        const text = item.content
          .map((part) => (part.type === "input_text" ? part.text : ""))
          .join("");
        if (text === "" || item.id === undefined) return false;
        return this.#finish(item.id, "user", text);
      }
      case "input_audio_buffer.speech_started":
        this.#line(ev.item_id, "user");
        return true;
      case "conversation.item.input_audio_transcription.delta":
        this.#line(ev.item_id, "user").text += ev.delta ?? "";
        return true;
      case "conversation.item.input_audio_transcription.completed":
        return this.#finish(ev.item_id, "user", ev.transcript);
      case "response.output_audio_transcript.delta":
      case "response.output_text.delta":
        this.#line(ev.item_id, "assistant").text += ev.delta;
        return true;
      case "response.output_audio_transcript.done":
        return this.#finish(ev.item_id, "assistant", ev.transcript);
      case "response.output_text.done":
        return this.#finish(ev.item_id, "assistant", ev.text);
      default:
        return false;
    }
  }

  #line(itemId: string, role: TranscriptLine["role"]): TranscriptLine {
    let line = this.#lines.get(itemId);
    if (line === undefined) {
      line = { itemId, role, text: "", done: false };
      this.#lines.set(itemId, line);
    }
    return line;
  }

  #finish(itemId: string, role: TranscriptLine["role"], text: string): boolean {
    const line = this.#line(itemId, role);
    line.text = text;
    line.done = true;
    return true;
  }
}
