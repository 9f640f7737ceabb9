import { PCM16_SAMPLE_RATE } from "../pcm/duration.js";
import type { AudioPosition } from "./speaker.js";

interface Entry {
  key: string;
  remaining: number;
}

/** How many items' played counts are kept; older ones are forgotten (a barge-in only asks about recent ones). */
const MAX_ITEMS = 256;

/**
 * The speaker's side of a barge-in (the stream's side is a `TruncationTracker`): the bookkeeping a `Speaker` needs (a `Speaker`): which item each queued sample belongs to, and how
 * many samples of each item the device has actually played. A speaker calls `enqueue` in
 * `write`, `played(n)` whenever the device consumed `n` samples (e.g. in its output callback),
 * `clear` in `stop`, and answers `playedMs` from it.
 */
export class PlayoutLedger {
  readonly #queue: Entry[] = [];
  #head = 0;
  readonly #played = new Map<string, number>();
  #queued = 0;

  /** Samples queued and not yet played. */
  get queuedSamples(): number {
    return this.#queued;
  }

  /** Records `samples` samples of `position` queued behind everything already queued. */
  enqueue(samples: number, position: AudioPosition): void {
    if (samples <= 0) return;
    const key = keyOf(position);
    const last = this.#queue[this.#queue.length - 1];
    if (last !== undefined && this.#queue.length > this.#head && last.key === key) {
      last.remaining += samples;
    } else {
      this.#queue.push({ key, remaining: samples });
    }
    if (!this.#played.has(key)) {
      this.#played.set(key, 0);
      if (this.#played.size > MAX_ITEMS) {
        const oldest = this.#played.keys().next().value as string;
        this.#played.delete(oldest);
      }
    }
    this.#queued += samples;
  }

  /** The device played `samples` more samples, in queue order. Returns how many were queued audio (the rest was silence). */
  played(samples: number): number {
    let left = samples;
    while (left > 0 && this.#head < this.#queue.length) {
      const entry = this.#queue[this.#head] as Entry;
      const step = Math.min(left, entry.remaining);
      this.#played.set(entry.key, (this.#played.get(entry.key) ?? 0) + step);
      entry.remaining -= step;
      left -= step;
      this.#queued -= step;
      if (entry.remaining <= 0) this.#head++;
    }
    // Compact now and then so the queue does not grow without bound.
    if (this.#head > 64 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
    return samples - left;
  }

  /** Drops everything queued (a stop). What was played stays counted. */
  clear(): void {
    this.#queue.length = 0;
    this.#head = 0;
    this.#queued = 0;
  }

  /** Samples of `position` played so far. */
  playedSamples(position: AudioPosition): number {
    return this.#played.get(keyOf(position)) ?? 0;
  }

  /** Milliseconds of `position` played so far (PCM16 24 kHz). */
  playedMs(position: AudioPosition): number {
    return (this.playedSamples(position) * 1000) / PCM16_SAMPLE_RATE;
  }
}

function keyOf(position: AudioPosition): string {
  return `${position.contentIndex}:${position.itemId}`;
}
