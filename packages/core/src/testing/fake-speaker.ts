import { msToSamples, samplesToMs } from "../pcm/duration.js";
import { PlayoutLedger } from "../stream/playout-ledger.js";
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

/** Makes a {@link FakeSpeaker}. */
export function createFakeSpeaker(): FakeSpeaker {
  const ledger = new PlayoutLedger();
  const writes: { samples: Int16Array; position: AudioPosition }[] = [];
  let stops = 0;

  return {
    write(samples, position) {
      writes.push({ samples: samples.slice(), position: { ...position } });
      ledger.enqueue(samples.length, position);
    },
    stop() {
      stops++;
      ledger.clear();
    },
    playedMs(position) {
      return ledger.playedMs(position);
    },
    advance(ms) {
      // Fractional samples are fine here: a test may advance by any amount of time.
      ledger.played((ms * msToSamples(1000)) / 1000);
    },
    get queuedMs() {
      return samplesToMs(ledger.queuedSamples);
    },
    writes,
    get stops() {
      return stops;
    },
  };
}
