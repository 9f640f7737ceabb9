import { samplesToMs } from "../pcm/duration.js";
import type { AudioPosition, Speaker } from "../stream/speaker.js";

/**
 * A {@link Speaker} for tests whose clock the test drives: nothing plays until `advance(ms)`,
 * which plays queued audio in order, exactly as a device would in that time.
 */
export interface FakeSpeaker extends Speaker {
  /** Plays `ms` milliseconds of the queued audio (less if the queue runs out first). */
  advance(ms: number): void;
  /** Milliseconds queued and not yet played. */
  readonly queuedMs: number;
  /** Every write, in order (the samples are copies). */
  readonly writes: readonly { samples: Int16Array; position: AudioPosition }[];
  /** How many times `stop` was called. */
  readonly stops: number;
}

interface Segment {
  key: string;
  remainingMs: number;
}

/** Makes a {@link FakeSpeaker}. */
export function createFakeSpeaker(): FakeSpeaker {
  const queue: Segment[] = [];
  const played = new Map<string, number>();
  const writes: { samples: Int16Array; position: AudioPosition }[] = [];
  let stops = 0;
  const keyOf = (p: AudioPosition) => `${p.contentIndex}:${p.itemId}`;

  return {
    write(samples, position) {
      writes.push({ samples: samples.slice(), position: { ...position } });
      queue.push({ key: keyOf(position), remainingMs: samplesToMs(samples.length) });
    },
    stop() {
      stops++;
      queue.length = 0;
    },
    playedMs(position) {
      return played.get(keyOf(position)) ?? 0;
    },
    advance(ms) {
      let left = ms;
      while (left > 0 && queue.length > 0) {
        const head = queue[0] as Segment;
        const step = Math.min(left, head.remainingMs);
        played.set(head.key, (played.get(head.key) ?? 0) + step);
        head.remainingMs -= step;
        left -= step;
        if (head.remainingMs <= 0) queue.shift();
      }
    },
    get queuedMs() {
      return queue.reduce((sum, s) => sum + s.remainingMs, 0);
    },
    writes,
    get stops() {
      return stops;
    },
  };
}
