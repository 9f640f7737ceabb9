import type { JsonValue } from "./json.js";

/** How many client events a session keeps for `received` at most. */
export const MAX_RECENT_EVENTS = 1000;
/** How much client JSON (frame text, in UTF-16 code units) a session keeps for `received` at most. */
export const MAX_RECENT_CHARS = 256 * 1024;

/**
 * The most recent client events of a session, bounded by count and by size, so an hour of
 * streamed audio does not pile up in memory (20 ms appends: about the last 7 seconds).
 * Pushing is O(1) amortised.
 */
export class RecentEvents {
  private readonly values: JsonValue[] = [];
  private readonly sizes: number[] = [];
  private head = 0;
  private chars = 0;

  constructor(
    private readonly maxEvents = MAX_RECENT_EVENTS,
    private readonly maxChars = MAX_RECENT_CHARS,
  ) {}

  /** Adds an event with the size of the frame it came in; drops the oldest beyond the caps. */
  push(value: JsonValue, size: number): void {
    this.values.push(value);
    this.sizes.push(size);
    this.chars += size;
    // The newest event is always kept, even when it alone is over the size cap.
    while (
      this.values.length - this.head > 1 &&
      (this.values.length - this.head > this.maxEvents || this.chars > this.maxChars)
    ) {
      this.chars -= this.sizes[this.head] ?? 0;
      // Release the dropped event now, not at the next compaction.
      this.values[this.head] = null;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.values.length) {
      this.values.splice(0, this.head);
      this.sizes.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The kept events, oldest first (a copy). */
  list(): JsonValue[] {
    return this.values.slice(this.head);
  }
}
