import type { AudioSource } from "@echo/core";
import type { AudioDevice, DeviceOptions } from "./device.js";
import type { LevelListener } from "./level.js";

/** Options of {@link createMicrophone}. */
export interface MicrophoneOptions extends DeviceOptions {
  /**
   * Remove the speaker's echo with `@echo/aec-rs` (default `true`). The reference is what the
   * shared duplex device played in the same callback, so set `output` to the speaker's device.
   */
  aec?: boolean;
  /** Start in push-to-talk mode: audio is delivered only between `hold()` and `release()` (default `false`). */
  pushToTalk?: boolean;
  /** Called with device faults (typed {@link AudioNodeError}s); subscribers get `end(error)` too. */
  onError?: (error: unknown) => void;
}

/**
 * A real microphone: core's {@link AudioSource} (PCM16 24 kHz mono, echo-cancelled by default),
 * with mute, push-to-talk and an input level meter.
 */
export interface Microphone extends AudioSource {
  /** Stops delivering audio (nothing is sent) until `unmute()`. The level meter reads {@link MIN_DBFS}. */
  mute(): void;
  unmute(): void;
  readonly muted: boolean;
  /** Switches push-to-talk on or off; while on, audio flows only while held. */
  setPushToTalk(enabled: boolean): void;
  readonly pushToTalk: boolean;
  /** Push-to-talk: starts delivering audio. */
  hold(): void;
  /** Push-to-talk: stops delivering audio. */
  release(): void;
  /** Whether audio is delivered right now (not muted, and held if push-to-talk). */
  readonly live: boolean;
  /** Calls `listener` with the level of each captured chunk (after echo cancellation, before mute). Returns an unsubscribe function. */
  onLevel(listener: LevelListener): () => void;
  /** The shared device this microphone captures from. */
  readonly device: AudioDevice;
  /** Ends every subscription and releases the device (idempotent). */
  close(): Promise<void>;
}

/** Creates a microphone on the default input (or `options.input`). The device opens in the background. */
export function createMicrophone(_options: MicrophoneOptions = {}): Microphone {
  throw new Error("not implemented");
}
