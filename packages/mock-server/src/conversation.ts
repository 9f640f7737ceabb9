import { clone, type JsonObject } from "./json.js";
import type { AudioFormat } from "./session-config.js";

/** An item as the server keeps it: the wire shape without audio bytes, plus the audio per content index. */
export interface StoredItem {
  /** The item as `conversation.item.added/done` show it (never with audio bytes). */
  item: JsonObject & { id: string };
  /** Audio bytes per content index, in `format`. */
  audio: Map<number, Buffer>;
  /** The format the audio bytes are in. */
  format: AudioFormat;
  /** Set once the client truncated the item: later audio of a still-running response is not kept. */
  truncatedMs?: number;
  /** Set when the item's audio was dropped to keep the session's memory bounded (see {@link MAX_KEPT_AUDIO_BYTES}). */
  audioDropped?: true;
}

/**
 * How much conversation audio a session keeps (192 KiB: about 4 s of PCM16 24 kHz, 24 s of
 * G.711). The newest two items with audio are always kept whole (the reply being made, the turn
 * it answers); older items lose their audio, oldest first, once the total is over this. Their
 * transcripts stay; a retrieve shows them without `audio`, and truncating them is an error.
 */
export const MAX_KEPT_AUDIO_BYTES = 192 * 1024;

const ALWAYS_KEPT = 2;

/** Where an insert landed. */
export type InsertResult = { ok: true; previousItemId: string | null } | { ok: false };

/** The default conversation: an ordered list of items. */
export class Conversation {
  /** The conversation id (`conv_…`). */
  readonly id: string;
  private readonly items: StoredItem[] = [];

  constructor(id: string) {
    this.id = id;
  }

  /** All items, oldest first. */
  list(): readonly StoredItem[] {
    return this.items;
  }

  /** Finds an item by id. */
  get(id: string): StoredItem | undefined {
    return this.items.find((s) => s.item.id === id);
  }

  /** The id of the last item, or `null` when empty. */
  lastId(): string | null {
    return this.items.at(-1)?.item.id ?? null;
  }

  /**
   * Inserts an item: at the end when `previousItemId` is null/undefined, first for `"root"`,
   * after the named item otherwise (unknown id: not inserted).
   */
  insert(stored: StoredItem, previousItemId?: string | null): InsertResult {
    if (previousItemId === undefined || previousItemId === null) {
      const prev = this.lastId();
      this.items.push(stored);
      return { ok: true, previousItemId: prev };
    }
    if (previousItemId === "root") {
      this.items.unshift(stored);
      return { ok: true, previousItemId: null };
    }
    const at = this.items.findIndex((s) => s.item.id === previousItemId);
    if (at < 0) return { ok: false };
    this.items.splice(at + 1, 0, stored);
    return { ok: true, previousItemId };
  }

  /** The id of the item before the given one, or null. */
  previousOf(id: string): string | null {
    const at = this.items.findIndex((s) => s.item.id === id);
    return at > 0 ? (this.items[at - 1]?.item.id ?? null) : null;
  }

  /** Drops the audio of the oldest items beyond the budget (see {@link MAX_KEPT_AUDIO_BYTES}). */
  trimAudio(budget = MAX_KEPT_AUDIO_BYTES): void {
    let total = 0;
    let withAudio = 0;
    for (let i = this.items.length - 1; i >= 0; i--) {
      const stored = this.items[i];
      if (!stored || stored.audio.size === 0) continue;
      for (const b of stored.audio.values()) total += b.length;
      if (++withAudio <= ALWAYS_KEPT || total <= budget) continue;
      stored.audio.clear();
      stored.audioDropped = true;
    }
  }

  /** Removes an item; false when there is none with that id. */
  remove(id: string): boolean {
    const at = this.items.findIndex((s) => s.item.id === id);
    if (at < 0) return false;
    this.items.splice(at, 1);
    return true;
  }
}

/** The item with its audio put back into the content parts (what `conversation.item.retrieved` carries). */
export function withAudio(stored: StoredItem): JsonObject {
  const item = clone(stored.item);
  const content = item.content;
  if (Array.isArray(content)) {
    for (const [index, bytes] of stored.audio) {
      const part = content[index];
      if (part && typeof part === "object" && !Array.isArray(part))
        part.audio = bytes.toString("base64");
    }
  }
  return item;
}
