import { PCM_RATE } from "./pcm.js";

/**
 * The audio of one reply as PCM16 24 kHz, read chunk by chunk while it streams: nothing makes
 * a whole reply up front, so a long reply costs each session a little per delta instead of one
 * long stall for every session on the server.
 */
export interface ReplyAudio {
  /** Total length in samples. */
  readonly samples: number;
  /** Samples [start, start + count), clipped to the end. */
  read(start: number, count: number): Int16Array;
}

/** Audio the behaviour gave (e.g. the parrot replaying the user): read as views, no copies. */
export function givenAudio(pcm: Int16Array): ReplyAudio {
  return {
    samples: pcm.length,
    read: (start, count) => pcm.subarray(start, Math.min(pcm.length, start + count)),
  };
}

// Speech-like audio repeats exactly every 10 s (1,400 pitch periods, 7 vibrato and 40 syllable
// cycles), so it is made once per seed, progressively as the first reply reads it, and then
// copied. Each table is 480 KB; only a few seeds are ever used (the output index + 1).
const LOOP_SAMPLES = 10 * PCM_RATE;
const MAX_TABLES = 4;

interface Table {
  readonly data: Int16Array;
  filled: number;
  pitchPhase: number;
}

const tables = new Map<number, Table>();

function table(seed: number): Table {
  let t = tables.get(seed);
  if (!t) {
    if (tables.size >= MAX_TABLES) {
      const oldest = tables.keys().next().value;
      if (oldest !== undefined) tables.delete(oldest);
    }
    t = { data: new Int16Array(LOOP_SAMPLES), filled: 0, pitchPhase: 0 };
    tables.set(seed, t);
  }
  return t;
}

/** Extends a table to `upTo` samples with the same recurrence as `pcm16SpeechLike`. */
function fill(t: Table, upTo: number, seed: number): void {
  let pitchPhase = t.pitchPhase;
  for (let i = t.filled; i < upTo; i++) {
    const time = i / PCM_RATE;
    const pitch = 140 + 25 * Math.sin(2 * Math.PI * 0.7 * time + seed);
    pitchPhase += (2 * Math.PI * pitch) / PCM_RATE;
    const syllable = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * time + seed * 0.3);
    const voiced =
      Math.sin(pitchPhase) + 0.5 * Math.sin(2 * pitchPhase) + 0.25 * Math.sin(3 * pitchPhase);
    t.data[i] = Math.round(voiced * syllable * 0.18 * 32767);
  }
  t.pitchPhase = pitchPhase;
  t.filled = Math.max(t.filled, upTo);
}

/**
 * Made-up speech of a given length, sample for sample what `pcm16SpeechLike(durationMs, seed)`
 * gives for its first 10 s (then it repeats), with the same 5 ms fades at both ends.
 */
export function speechLikeAudio(durationMs: number, seed: number): ReplyAudio {
  const samples = Math.round((durationMs * PCM_RATE) / 1000);
  return {
    samples,
    read(start, count) {
      const end = Math.min(samples, start + count);
      const out = new Int16Array(Math.max(0, end - start));
      const t = table(seed);
      for (let at = start; at < end; ) {
        const offset = at % LOOP_SAMPLES;
        const run = Math.min(end - at, LOOP_SAMPLES - offset);
        if (t.filled < offset + run) fill(t, offset + run, seed);
        out.set(t.data.subarray(offset, offset + run), at - start);
        at += run;
      }
      // The fades at the very start and end, as in pcm16SpeechLike.
      for (let i = start; i < Math.min(end, start + 120); i++) {
        if (i < 120) out[i - start] = Math.round(((out[i - start] ?? 0) * i) / 120);
      }
      for (let i = Math.max(start, samples - 121); i < end; i++) {
        const edge = Math.min(1, (samples - 1 - i) / 120);
        if (edge < 1) out[i - start] = Math.round((out[i - start] ?? 0) * edge);
      }
      return out;
    },
  };
}
