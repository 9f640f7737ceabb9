import type { AudioPosition, Speaker } from "@echo/core";
import type { AudioDevice, DeviceOptions } from "./device.js";
import { type AudioNodeError, AudioNodeUsageError } from "./errors.js";
import { FADE_MS, FadeOut, fadeIn } from "./fade.js";
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
 * device's rate. `playedMs` counts from the frames the device consumed (never from what was
 * written), plus the few chunks already handed to it, which play out even after a stop.
 */
export interface NodeSpeaker extends Speaker {
  /**
   * Stops playback now (cheap, idempotent: what is queued is dropped, the cut fades over 5 ms).
   * The promise settles once the device confirmed what it still holds, when `playedMs` is exact.
   */
  stop(): Promise<void>;
  /**
   * Milliseconds of the item heard by now: consumed by the device minus its output latency
   * (for a UI). `playedMs`, what a barge-in truncates to, also counts what the device already
   * holds: it plays out even after `stop()`.
   */
  heardMs(position: AudioPosition): number;
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
  // What the device got last: audio of an item (`playing`), or the fade-out after it when the
  // queue ran dry (`fading` while the fade is still to be sent, `faded` once it is).
  let output: { status: "idle" } | { status: "playing" | "fading" | "faded"; key: string } = {
    status: "idle",
  };
  const fadeFrames = Math.round((device.sampleRate * FADE_MS) / 1000);
  const fadeOut = new FadeOut(fadeFrames);
  // Underruns: silence between two chunks of the same item (the audio came later than real time).
  let lastItem: string | undefined;
  let silentRun = 0;
  let drains: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  let state: State = { status: "open", device };
  const now = () => performance.now();

  /**
   * Sends a chunk; its wire samples go with it into the playout. A short one (the queue ran dry)
   * is padded with the fade-out of its end, not cut to silence; audio of the same item resuming
   * after a fade-out fades in.
   */
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
    const items = playout.cut(wire, tag);
    const first = items[0]?.key;
    const last = items[items.length - 1]?.key;
    if (first !== undefined && last !== undefined) {
      if (output.status !== "idle" && output.status !== "playing" && output.key === first)
        fadeIn(chunk, fadeFrames);
      fadeOut.played(chunk.subarray(0, frames));
      output = { status: "playing", key: last };
    }
    if (frames < chunkFrames) fadeTo(chunk.subarray(frames));
    outbox.push({ samples: chunk, tag });
  };

  /** Writes the (next part of the) fade-out of what was sent last into `out`. */
  const fadeTo = (out: Int16Array) => {
    if (output.status !== "playing" && output.status !== "fading") return;
    const done = !fadeOut.pending || fadeOut.write(out);
    output = { status: done ? "faded" : "fading", key: output.key };
  };

  /** The rest of a fade-out that did not fit in a padding: a chunk of it alone (no item samples). */
  const sendFade = () => {
    if (!fadeOut.pending) {
      if (output.status === "playing" || output.status === "fading")
        output = { status: "faded", key: output.key };
      return;
    }
    const chunk = new Int16Array(chunkFrames);
    fadeTo(chunk);
    const tag = nextTag++;
    playout.cut(0, tag);
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
    consumed(far: Int16Array, tag: number, inDevice: readonly number[]) {
      const key = playout.consumed(tag, now(), inDevice);
      if (key !== undefined) {
        if (silentRun > 0 && key === lastItem) device.underrun();
        silentRun = 0;
        lastItem = key;
      } else if (lastItem !== undefined) {
        silentRun++;
      }
      // The backend ran dry: send a partial chunk padded (with the fade-out of its end) rather
      // than hold it. After a whole chunk nothing is sent: audio arriving before the device's
      // next turn must not wait behind a fade (a gap and an underrun that need not be); the
      // device ramps down itself if it has to play silence. A fade begun in a padding goes on.
      if (outbox.length === 0 && device.queuedChunks === 0) {
        if (pendingFrames > 0) send(pendingFrames);
        else if (output.status === "fading") sendFade();
      }
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
      if (state.status !== "open") return Promise.resolve();
      playout.stop();
      pendingFrames = 0;
      outbox = [];
      resampler.reset();
      // The device fades the cut of a stop itself (from the last sample it holds).
      fadeOut.reset();
      output = { status: "idle" };
      silentRun = 0;
      lastItem = undefined;
      const waiting = drains;
      drains = [];
      for (const d of waiting) d.resolve();
      // Settles once the device confirmed what it still holds (playedMs is exact then), or
      // after 250 ms if it does not answer: a barge-in must not wait on a stuck device.
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        void device.flush().then((inDevice) => {
          playout.flushed(inDevice);
          clearTimeout(timer);
          resolve();
        });
      });
    },
    playedMs(position: AudioPosition) {
      return playout.committedMs(position);
    },
    heardMs(position: AudioPosition) {
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
      if (state.status === "open") void this.stop();
      state = { status: "closed" };
      device.detachSpeaker(user);
      await device.release();
    },
  };
}
