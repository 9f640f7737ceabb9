import type { AudioPosition, Speaker } from "@echo/core";
import type { AudioDevice, DeviceOptions } from "./device.js";
import { type AudioNodeError, AudioNodeUsageError } from "./errors.js";
import { type LevelListener, LevelMeter } from "./level.js";
import { DevicePlayout } from "./playout.js";
import { Resampler } from "./resampler.js";
import { acquireDevice, type SharedDevice } from "./shared-device.js";

/** Options of {@link createSpeaker}. */
export interface SpeakerOptions extends DeviceOptions {
  /** Linear gain 0..4 applied before the device (default 1). Changes ramp over one chunk (no clicks). */
  volume?: number;
  /** Called with device faults (typed {@link AudioNodeError}s; playback has ended) and with throwing level listeners. */
  onError?: (error: unknown) => void;
}

/**
 * A real speaker: core's {@link Speaker} (give it to `stream`) plus volume, draining, an output
 * level meter and the shared device's stats. Audio is PCM16 24 kHz mono, resampled to the
 * device's rate; `playedMs` counts what the device consumed minus its output latency.
 */
export interface NodeSpeaker extends Speaker {
  /** Sets the output gain (0 = silent, 1 = unchanged, up to 4). */
  setVolume(volume: number): void;
  /** The current output gain. */
  readonly volume: number;
  /** Resolves when everything written so far has been heard (at once after `stop`; rejects if the device fails). */
  drain(): Promise<void>;
  /** Milliseconds written and not yet heard. */
  readonly queuedMs: number;
  /** Calls `listener` with the RMS/peak level of each chunk the device plays (post-volume). Returns an unsubscribe function. */
  onLevel(listener: LevelListener): () => void;
  /** The shared device this speaker plays on. */
  readonly device: AudioDevice;
  /** Stops playback and releases the device (idempotent). Later writes throw. */
  close(): Promise<void>;
}

const WIRE_RATE = 24000;
/** Chunks kept queued in the backend ahead of the device (200 ms): enough to ride out a busy event loop, few enough that the host is never flooded. */
const AHEAD_CHUNKS = 10;

function checkVolume(volume: number): number {
  if (!Number.isFinite(volume) || volume < 0 || volume > 4) {
    throw new AudioNodeUsageError(
      "invalid_audio_options",
      `volume must be between 0 and 4 (1 = unchanged), got ${String(volume)}.`,
    );
  }
  return volume;
}

type State =
  | { status: "open"; device: SharedDevice }
  | { status: "failed"; error: AudioNodeError }
  | { status: "closed" };

/** Creates a speaker on the default output (or `options.output`). The device opens in the background; writes queue until it runs. */
export function createSpeaker(options: SpeakerOptions = {}): NodeSpeaker {
  let volume = checkVolume(options.volume ?? 1);
  const device = acquireDevice(options);
  const onError = (error: unknown) => {
    try {
      options.onError?.(error);
    } catch {
      // A throwing handler must not stop playback.
    }
  };
  const chunkFrames = device.chunkFrames;
  const chunkMs = 20;
  const latencyMs = options.outputLatencyMs ?? device.outputLatencyMs;
  if (!Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > 2000) {
    void device.release();
    throw new AudioNodeUsageError(
      "invalid_audio_options",
      `outputLatencyMs must be between 0 and 2000, got ${String(latencyMs)}.`,
    );
  }
  const playout = new DevicePlayout(latencyMs, chunkMs);
  const resampler = new Resampler({ from: WIRE_RATE, to: device.sampleRate });
  const meter = new LevelMeter(onError);
  // Device-rate samples not yet cut into a chunk, and how many wire samples they carry.
  let pending = new Int16Array(chunkFrames * 4);
  let pendingFrames = 0;
  let nextTag = 0;
  // Cut chunks not yet handed to the backend (it gets AHEAD_CHUNKS at a time).
  let outbox: { samples: Int16Array; tag: number }[] = [];
  // Underruns: silence between two chunks of the same item (the audio came later than real time).
  let lastItem: string | undefined;
  let silentRun = 0;
  let drains: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  let state: State = { status: "open", device };
  const now = () => performance.now();

  /** Sends a chunk (padding the last one with silence); its wire samples go with it into the playout. */
  const send = (frames: number) => {
    const chunk = new Int16Array(chunkFrames);
    chunk.set(pending.subarray(0, frames));
    pending.copyWithin(0, frames, pendingFrames);
    pendingFrames -= frames;
    const tag = nextTag++;
    // Wire samples in this chunk: all pending ones when it empties the buffer (exact), else by ratio.
    const wire =
      pendingFrames === 0
        ? playout.pendingSamples
        : Math.round((frames * WIRE_RATE) / device.sampleRate);
    playout.cut(wire, tag);
    outbox.push({ samples: chunk, tag });
  };

  const pump = () => {
    let sent = 0;
    while (sent < outbox.length && device.queuedChunks < AHEAD_CHUNKS) {
      const next = outbox[sent++] as { samples: Int16Array; tag: number };
      device.write(next.samples, next.tag);
    }
    if (sent > 0) outbox = outbox.slice(sent);
  };

  const settleDrains = () => {
    if (drains.length === 0 || !playout.idle) return;
    const waiting = drains;
    drains = [];
    for (const d of waiting) d.resolve();
  };

  const user = {
    consumed(far: Int16Array, tag: number) {
      const key = playout.consumed(tag, now());
      if (key !== undefined) {
        if (silentRun > 0 && key === lastItem) device.underrun();
        silentRun = 0;
        lastItem = key;
      } else if (lastItem !== undefined) {
        silentRun++;
      }
      // The backend ran dry with a partial chunk waiting: send it padded, rather than hold it.
      if (pendingFrames > 0 && outbox.length === 0 && device.queuedChunks === 0)
        send(pendingFrames);
      pump();
      meter.measure(far);
      settleDrains();
    },
    fail(error: AudioNodeError) {
      if (state.status !== "open") return;
      state = { status: "failed", error };
      playout.reset();
      const waiting = drains;
      drains = [];
      for (const d of waiting) d.reject(error);
      onError(error);
    },
  };
  try {
    device.attachSpeaker(user, options.outputLatencyMs);
  } catch (error) {
    void device.release();
    throw error;
  }
  if (volume !== 1) device.setVolume(volume);

  const usable = (): SharedDevice => {
    if (state.status === "failed") throw state.error;
    if (state.status === "closed")
      throw new AudioNodeUsageError("audio_closed", "This speaker is closed; create a new one.");
    return state.device;
  };

  return {
    write(samples: Int16Array, position: AudioPosition) {
      usable();
      if (samples.length === 0) return;
      playout.write(samples.length, position);
      const needed = pendingFrames + resampler.outputLength(samples.length);
      if (needed > pending.length) {
        const grown = new Int16Array(Math.max(needed, pending.length * 2));
        grown.set(pending.subarray(0, pendingFrames));
        pending = grown;
      }
      const out = resampler.process(samples);
      pending.set(out, pendingFrames);
      pendingFrames += out.length;
      while (pendingFrames >= chunkFrames) send(chunkFrames);
      pump();
    },
    stop() {
      if (state.status !== "open") return;
      playout.stop();
      pendingFrames = 0;
      outbox = [];
      resampler.reset();
      device.flush();
      silentRun = 0;
      lastItem = undefined;
      const waiting = drains;
      drains = [];
      for (const d of waiting) d.resolve();
    },
    playedMs(position: AudioPosition) {
      return playout.heardMs(position, now());
    },
    setVolume(next: number) {
      volume = checkVolume(next);
      if (state.status === "open") state.device.setVolume(volume);
    },
    get volume() {
      return volume;
    },
    drain() {
      if (state.status === "failed") return Promise.reject(state.error);
      if (state.status === "closed" || playout.idle) return Promise.resolve();
      return new Promise<void>((resolve, reject) => drains.push({ resolve, reject }));
    },
    get queuedMs() {
      return Math.max(0, playout.queuedSamples) / 24;
    },
    onLevel(listener: LevelListener) {
      return meter.subscribe(listener);
    },
    device,
    async close() {
      if (state.status === "closed") return;
      const wasOpen = state.status === "open";
      if (wasOpen) this.stop();
      state = { status: "closed" };
      device.detachSpeaker(user);
      await device.release();
    },
  };
}
