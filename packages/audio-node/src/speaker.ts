import type { Speaker } from "@echo/core";
import type { AudioDevice, DeviceOptions } from "./device.js";
import type { LevelListener } from "./level.js";

/** Options of {@link createSpeaker}. */
export interface SpeakerOptions extends DeviceOptions {
  /** Linear gain 0..4 applied before the device (default 1). Changes ramp over one chunk (no clicks). */
  volume?: number;
  /** Called with device faults (typed {@link AudioNodeError}s); playback has ended when it is called. */
  onError?: (error: unknown) => void;
}

/**
 * A real speaker: core's {@link Speaker} (give it to `stream`) plus volume, draining, an output
 * level meter and the shared device's stats. Audio is PCM16 24 kHz mono, resampled to the
 * device's rate; `playedMs` counts what the device consumed minus its output latency.
 */
export interface NodeSpeaker extends Speaker {
  /** Sets the output gain (0 = mute, 1 = unchanged, up to 4). */
  setVolume(volume: number): void;
  /** The current output gain. */
  readonly volume: number;
  /** Resolves when everything written so far has been heard (or `stop` was called). */
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

/** Creates a speaker on the default output (or `options.output`). The device opens in the background; writes queue until it runs. */
export function createSpeaker(_options: SpeakerOptions = {}): NodeSpeaker {
  throw new Error("not implemented");
}
