import type { EchoCancellerStats } from "@echo/aec-rs";
import type { AudioBackend, DeviceMode } from "./backend/backend.js";
import type { DeviceSelector } from "./devices.js";

/** Options that pick and open a device pair. Handles with equal options share one duplex stream. */
export interface DeviceOptions {
  /** Microphone: id or name (see {@link DeviceSelector}); default: the system default input. */
  input?: DeviceSelector;
  /** Speaker: id or name; default: the system default output. */
  output?: DeviceSelector;
  /** Device rate in Hz: 48000 (default) or 44100. The wire is always 24 kHz; audio is resampled. */
  sampleRate?: 48000 | 44100;
  /**
   * How the pair is opened. `"auto"` (default): one duplex stream, or two streams (input and
   * output apart) when the pair cannot be duplex. `"duplex"`: fail with the PortAudio error
   * rather than fall back. `"two-streams"`: always two streams, e.g. to use devices on
   * different clocks whose duplex stream opens but glitches. Two streams share no clock: the
   * echo reference is what the output consumed, paired with the mic at a fixed offset that the
   * canceller's delay estimator finds; `stats().mode` and `stats().modeReason` say so.
   */
  mode?: DeviceMode;
  /**
   * Speakers: the output latency to subtract when counting what was heard, in ms (default 40:
   * PulseAudio through ALSA reports none; the measured loop is about 80 ms). Set it when your
   * device's real latency is known. Not part of what selects the shared device.
   */
  outputLatencyMs?: number;
  /** Reach devices another way (tests use a fake). Default: naudiodon2 (PortAudio). */
  backend?: AudioBackend;
}

/** What {@link AudioDevice.stats} reports. */
export interface DeviceStats {
  /** `"opening"` until the first chunk, `"running"`, `"failed"` (see `error`), or `"closed"`. */
  state: "opening" | "running" | "failed" | "closed";
  /** `"duplex"` (one stream, one clock: the echo reference is exact) or `"two-streams"` (fallback). `undefined` while opening. */
  mode: "duplex" | "two-streams" | undefined;
  /** Why `mode` is `"two-streams"` (forced by the option, or the error the duplex open gave); `undefined` for duplex. */
  modeReason: string | undefined;
  /**
   * Two streams: times the pairing of played and captured audio was re-aligned (the input and
   * output clocks drifted apart or a side stalled; the canceller re-learns the delay). 0 in duplex.
   */
  realigns: number;
  /** Device rate in Hz. */
  sampleRate: number;
  input: { id: number; name: string } | undefined;
  output: { id: number; name: string } | undefined;
  /** Handles (speakers, microphones) sharing this device. */
  users: number;
  /** Device chunks (20 ms) captured since opening. */
  chunks: number;
  /** Times an item's playback paused for lack of audio (silence played between two of its chunks: the network was slower than real time). */
  underruns: number;
  /** Device callbacks this process served late (busy machine): each can shift the echo delay, which the canceller then re-learns. */
  lateCallbacks: number;
  /** Over- and underflows PortAudio reported. */
  xruns: number;
  /** Output latency subtracted when counting what was heard, in ms. */
  outputLatencyMs: number;
  /** Input latency the backend reports, in ms. */
  inputLatencyMs: number | undefined;
  /**
   * The echo canceller: its stats, and how often it was reset because the device's timing
   * glitched (a late callback or an xrun moves the echo); `{ enabled: false }` when microphones
   * are open without AEC; `undefined` when no microphone is open.
   */
  aec: (EchoCancellerStats & { enabled: true; resets: number }) | { enabled: false } | undefined;
  /** The error that failed the device, when `state` is `"failed"`. */
  error: Error | undefined;
}

/**
 * A shared, reference-counted duplex device: every speaker and microphone with the same
 * {@link DeviceOptions} uses one. The stream opens with the first user and closes shortly
 * after the last one closes (kept alive between turns: re-creating PortAudio streams is what
 * breaks naudiodon2).
 */
export interface AudioDevice {
  /** A snapshot of the device's state and counters. */
  stats(): DeviceStats;
  /** Resolves once the device delivers audio (1.5-2 s through PulseAudio); rejects with its typed error. */
  readonly ready: Promise<void>;
}
