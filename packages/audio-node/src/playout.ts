import type { AudioPosition } from "@echo/core";

interface Segment {
  key: string;
  /** Samples at 24 kHz (the wire's rate: what `playedMs` counts). */
  samples: number;
}

/** How many items' heard counts are kept (a barge-in only asks about recent ones). */
const MAX_ITEMS = 256;

function keyOf(position: AudioPosition): string {
  return `${position.contentIndex}:${position.itemId}`;
}

/**
 * A speaker's accounting, from write to ear: samples written per item (`write`), cut into device
 * chunks (`cut`, tagged), consumed by the device callback (`consumed(tag)`), and heard one output
 * latency later. `heardMs` counts only what was heard, so a barge-in truncates at what the
 * listener really heard; chunks already in the device when playback stops are still heard
 * (they play out) and still count.
 */
export class DevicePlayout {
  readonly #latencyChunks: number;
  readonly #chunkMs: number;
  // Written, not yet cut into a chunk.
  readonly #pending: Segment[] = [];
  #pendingSamples = 0;
  // Cut and sent to the device, by tag, in tag order.
  readonly #chunks = new Map<number, Segment[]>();
  // Consumed by the device, not yet heard (the output latency), oldest first.
  readonly #inFlight: Segment[][] = [];
  readonly #heard = new Map<string, number>();
  // Per item: consumed by the callback, plus what the device holds that will play regardless.
  readonly #consumed = new Map<string, number>();
  #inDevice: readonly number[] = [];
  #lastConsumedAt = 0;
  #queuedSamples = 0;

  /**
   * @param latencyMs output latency: how long after the callback consumed a chunk it is heard.
   * @param chunkMs the device chunk's length.
   */
  constructor(latencyMs: number, chunkMs: number) {
    this.#chunkMs = chunkMs;
    this.#latencyChunks = Math.max(0, Math.round(latencyMs / chunkMs));
  }

  /** Samples (24 kHz) written and not yet heard. */
  get queuedSamples(): number {
    return this.#queuedSamples;
  }

  /** Samples (24 kHz) written and not yet cut into a chunk. */
  get pendingSamples(): number {
    return this.#pendingSamples;
  }

  /** Records a write of `samples` (24 kHz) of `position`. */
  write(samples: number, position: AudioPosition): void {
    if (samples <= 0) return;
    const key = keyOf(position);
    const last = this.#pending[this.#pending.length - 1];
    if (last !== undefined && last.key === key) last.samples += samples;
    else this.#pending.push({ key, samples });
    if (!this.#heard.has(key)) {
      this.#heard.set(key, 0);
      this.#consumed.set(key, 0);
      if (this.#heard.size > MAX_ITEMS) {
        const oldest = this.#heard.keys().next().value as string;
        this.#heard.delete(oldest);
        this.#consumed.delete(oldest);
      }
    }
    this.#pendingSamples += samples;
    this.#queuedSamples += samples;
  }

  /** Moves the next `samples` (24 kHz) written into the chunk sent with `tag`; returns the items it carries, in order. */
  cut(samples: number, tag: number): readonly { key: string; samples: number }[] {
    const segments: Segment[] = [];
    let left = Math.min(samples, this.#pendingSamples);
    while (left > 0) {
      const head = this.#pending[0] as Segment;
      const step = Math.min(left, head.samples);
      segments.push({ key: head.key, samples: step });
      head.samples -= step;
      if (head.samples === 0) this.#pending.shift();
      left -= step;
      this.#pendingSamples -= step;
    }
    this.#chunks.set(tag, segments);
    return segments;
  }

  /**
   * The device callback played the chunk `tag` (`-1`: silence) at `now` (ms). Chunks with a
   * lower tag that were never reported were dropped by a flush. Returns the item key the chunk
   * started with (`undefined` for silence).
   */
  consumed(tag: number, now: number, inDevice: readonly number[] = []): string | undefined {
    this.#inDevice = inDevice;
    let segments: Segment[] = [];
    if (tag >= 0) {
      for (const [t, dropped] of this.#chunks) {
        if (t >= tag) break;
        for (const s of dropped) this.#queuedSamples -= s.samples;
        this.#chunks.delete(t);
      }
      segments = this.#chunks.get(tag) ?? [];
      this.#chunks.delete(tag);
      for (const seg of segments)
        this.#consumed.set(seg.key, (this.#consumed.get(seg.key) ?? 0) + seg.samples);
    }
    this.#inFlight.push(segments);
    while (this.#inFlight.length > this.#latencyChunks)
      this.#hear(this.#inFlight.shift() as Segment[], 1);
    this.#lastConsumedAt = now;
    return segments[0]?.key;
  }

  #hear(segments: Segment[], fraction: number): void {
    for (const s of segments) {
      const n = s.samples * fraction;
      this.#heard.set(s.key, (this.#heard.get(s.key) ?? 0) + n);
      if (fraction === 1) this.#queuedSamples -= s.samples;
    }
  }

  /**
   * Stops: drops what was written and not yet sent, and every chunk sent but not consumed (the
   * caller flushes the device queue). What the device already consumed is still heard.
   */
  stop(): void {
    this.#queuedSamples -= this.#pendingSamples;
    this.#pending.length = 0;
    this.#pendingSamples = 0;
    // Which sent chunks the device still holds is known once the flush is acknowledged (`flushed`).
  }

  /** The flush reached the device: it still holds `inDevice` (they play); every other sent chunk was dropped. */
  flushed(inDevice: readonly number[]): void {
    this.#inDevice = inDevice;
    const kept = new Set(inDevice);
    for (const [tag, segments] of this.#chunks) {
      if (kept.has(tag)) continue;
      for (const s of segments) this.#queuedSamples -= s.samples;
      this.#chunks.delete(tag);
    }
  }

  /** Forgets in-flight audio too (the device is gone: nothing more will be heard). */
  reset(): void {
    this.stop();
    this.flushed([]);
    for (const segments of this.#inFlight)
      for (const s of segments) this.#queuedSamples -= s.samples;
    this.#inFlight.length = 0;
  }

  /**
   * Milliseconds of `position` heard by `now` (ms): whole chunks one latency after they were
   * consumed, plus the part of the next chunk that has played since the last callback.
   */
  heardMs(position: AudioPosition, now: number): number {
    const key = keyOf(position);
    let samples = this.#heard.get(key) ?? 0;
    if (this.#inFlight.length >= this.#latencyChunks && this.#inFlight.length > 0) {
      const next = this.#inFlight[0] as Segment[];
      const fraction = Math.min(1, Math.max(0, (now - this.#lastConsumedAt) / this.#chunkMs));
      for (const s of next) if (s.key === key) samples += s.samples * fraction;
    }
    return samples / 24;
  }

  /**
   * Milliseconds of `position` the listener will have heard once what the device already holds
   * has played: everything the callback consumed, plus the chunks handed to the device after it
   * (a stop cannot recall them), as of the last callback or flush report. This is what a
   * barge-in truncates to: measured against a recording of the output, it is exact to the
   * chunk, where "consumed minus the output latency" is short by the latency and by the
   * device's queue. It never guesses from the time since the last report: a stalled device
   * (a late callback) hands nothing over meanwhile, and a guess taken just before a stop would
   * outlive the flush's exact answer (core's `stream` keeps the larger of the two).
   */
  committedMs(position: AudioPosition): number {
    const key = keyOf(position);
    let samples = this.#consumed.get(key) ?? 0;
    for (const tag of this.#inDevice)
      for (const s of this.#chunks.get(tag) ?? []) if (s.key === key) samples += s.samples;
    return samples / 24;
  }

  /** Whether everything written has been heard. */
  get idle(): boolean {
    return this.#queuedSamples <= 0;
  }
}
