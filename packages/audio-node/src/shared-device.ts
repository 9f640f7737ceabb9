import { EchoCanceller } from "@echo/aec-rs";
import type { BackendStream, BackendStreamInfo } from "./backend/backend.js";
import { naudiodonBackend } from "./backend/naudiodon.js";
import type { AudioDevice, DeviceOptions, DeviceStats } from "./device.js";
import { type AudioNodeError, AudioNodeUsageError, PortAudioError } from "./errors.js";
import { Resampler } from "./resampler.js";

/** How long the stream stays open after its last user closes: the next turn reuses it (re-created naudiodon2 streams break). */
const LINGER_MS = 1500;
const CHUNK_MS = 20;
const WIRE_RATE = 24000;
/** Output latency assumed when the backend reports none (PulseAudio through ALSA reports 0): half the measured loop. */
const DEFAULT_OUTPUT_LATENCY_MS = 40;

/** What a device hands its microphones per chunk: 24 kHz PCM16, echo-cancelled and raw. */
export interface CaptureFrame {
  /** Echo-cancelled (equal to `raw` when no microphone asked for AEC). */
  clean: Int16Array;
  raw: Int16Array;
}

/** A microphone attached to a device. */
export interface CaptureUser {
  aec: boolean;
  frame(frame: CaptureFrame): void;
  fail(error: AudioNodeError): void;
}

/** A speaker attached to a device: told about every chunk the device played. */
export interface PlaybackUser {
  /** The device consumed one chunk (`far`, 48 kHz, post-volume) with `tag` (-1: silence); `inDevice` will play next, unrecallably. */
  consumed(far: Int16Array, tag: number, inDevice: readonly number[]): void;
  fail(error: AudioNodeError): void;
}

type State =
  | { status: "opening"; stream: BackendStream }
  | { status: "running"; stream: BackendStream; info: BackendStreamInfo }
  | { status: "failed"; error: AudioNodeError }
  | { status: "closed" };

/**
 * One duplex stream shared, reference-counted, by every speaker and microphone with the same
 * device options. Per device chunk: the microphone's and the played (far) audio are resampled
 * to 24 kHz the same way and go through the echo canceller in 10 ms frames; the speaker learns
 * which chunk was played.
 */
export class SharedDevice implements AudioDevice {
  readonly ready: Promise<void>;
  readonly sampleRate: number;
  readonly chunkFrames: number;
  /** What a speaker subtracts when counting what was heard (its own option, else the default). */
  outputLatencyMs: number;
  #state: State;
  #users = 0;
  #chunks = 0;
  #underruns = 0;
  #late = 0;
  #xruns = 0;
  #aecResets = 0;
  #realigns = 0;
  #linger: ReturnType<typeof setTimeout> | undefined;
  #speaker: PlaybackUser | undefined;
  readonly #captures = new Set<CaptureUser>();
  readonly #micResampler: Resampler;
  readonly #farResampler: Resampler;
  #aec: EchoCanceller | undefined;
  readonly #mic24: Int16Array;
  readonly #far24: Int16Array;
  readonly #onClosed: () => void;

  constructor(options: DeviceOptions, onClosed: () => void) {
    this.sampleRate = options.sampleRate ?? 48000;
    this.chunkFrames = (this.sampleRate * CHUNK_MS) / 1000;
    this.outputLatencyMs = DEFAULT_OUTPUT_LATENCY_MS;
    this.#onClosed = onClosed;
    this.#micResampler = new Resampler({ from: this.sampleRate, to: WIRE_RATE });
    this.#farResampler = new Resampler({ from: this.sampleRate, to: WIRE_RATE });
    this.#mic24 = new Int16Array((WIRE_RATE * CHUNK_MS) / 1000);
    this.#far24 = new Int16Array(this.#mic24.length);
    const backend = options.backend ?? naudiodonBackend;
    const stream = backend.open(
      {
        input: options.input,
        output: options.output,
        mode: options.mode ?? "auto",
        sampleRate: this.sampleRate,
        chunkFrames: this.chunkFrames,
      },
      {
        chunk: (mic, far, tag, health) => {
          // A late callback or an xrun shifts the speaker-to-mic delay by the stall: the echo
          // path the canceller learnt is gone, so it starts learning afresh instead of stalling
          // in its cautious mode (which also mutes the near-end talker).
          const realigns = health.realigns ?? 0;
          if (
            health.late !== this.#late ||
            health.xruns !== this.#xruns ||
            realigns !== this.#realigns
          ) {
            this.#aec?.reset();
            this.#aecResets++;
          }
          this.#late = health.late;
          this.#xruns = health.xruns;
          this.#realigns = realigns;
          this.#chunk(mic, far, tag, health.inDevice);
        },
        played: (far, tag) => this.#played(far, tag),
        fail: (error) => this.#fail(error),
      },
    );
    this.#state = { status: "opening", stream };
    this.ready = stream.ready.then((info) => {
      if (this.#state.status === "opening") this.#state = { status: "running", stream, info };
    });
    this.ready.catch(() => {});
  }

  /** The error that failed the device, if it failed. */
  get error(): AudioNodeError | undefined {
    return this.#state.status === "failed" ? this.#state.error : undefined;
  }

  get usable(): boolean {
    return this.#state.status === "opening" || this.#state.status === "running";
  }

  /** Queues one device chunk for output. */
  write(samples: Int16Array, tag: number): void {
    const s = this.#state;
    if (s.status === "opening" || s.status === "running") s.stream.write(samples, tag);
  }

  /** Drops the backend's queue; resolves with the tags the device still holds. */
  flush(): Promise<readonly number[]> {
    const s = this.#state;
    return s.status === "opening" || s.status === "running"
      ? s.stream.flush()
      : Promise.resolve([]);
  }

  setVolume(gain: number): void {
    const s = this.#state;
    if (s.status === "opening" || s.status === "running") s.stream.setVolume(gain);
  }

  /** Chunks queued in the backend, not yet played. */
  get queuedChunks(): number {
    const s = this.#state;
    return s.status === "opening" || s.status === "running" ? s.stream.queuedChunks : 0;
  }

  /** Counts an underrun (the speaker had audio to come but the device played silence). */
  underrun(): void {
    this.#underruns++;
  }

  /** Takes a reference; cancels a pending close. */
  acquire(): void {
    this.#users++;
    if (this.#linger !== undefined) {
      clearTimeout(this.#linger);
      this.#linger = undefined;
      this.#setRef(true);
    }
  }

  /** Drops a reference; the last one closes the stream after a short linger (the process may exit meanwhile). */
  release(): Promise<void> {
    this.#users = Math.max(0, this.#users - 1);
    if (this.#users > 0 || !this.usable) return Promise.resolve();
    this.#setRef(false);
    this.#linger = setTimeout(() => {
      this.#linger = undefined;
      void this.close();
    }, LINGER_MS);
    this.#linger.unref();
    return Promise.resolve();
  }

  /** Closes the stream now (idempotent). */
  async close(): Promise<void> {
    const s = this.#state;
    if (s.status !== "opening" && s.status !== "running") return;
    this.#state = { status: "closed" };
    this.#onClosed();
    closeAec(this.#aec);
    await s.stream.close();
  }

  #setRef(ref: boolean): void {
    const s = this.#state;
    if (s.status === "opening" || s.status === "running") s.stream.setRef(ref);
  }

  attachSpeaker(user: PlaybackUser, outputLatencyMs: number | undefined): void {
    if (this.#speaker !== undefined) {
      throw new AudioNodeUsageError(
        "audio_speaker_in_use",
        "A speaker is already open on this output device; reuse it, or close it before creating another.",
      );
    }
    this.#speaker = user;
    if (outputLatencyMs !== undefined) this.outputLatencyMs = outputLatencyMs;
  }

  detachSpeaker(user: PlaybackUser): void {
    if (this.#speaker === user) this.#speaker = undefined;
  }

  attachCapture(user: CaptureUser): void {
    this.#captures.add(user);
    if (user.aec && this.#aec === undefined) {
      this.#aec = new EchoCanceller({ sampleRate: WIRE_RATE });
    }
  }

  detachCapture(user: CaptureUser): void {
    this.#captures.delete(user);
    if (this.#aec !== undefined && ![...this.#captures].some((c) => c.aec)) {
      closeAec(this.#aec);
      this.#aec = undefined;
    }
  }

  #played(far: Int16Array, tag: number): void {
    try {
      this.#speaker?.consumed(far, tag, []);
    } catch (error) {
      this.#fail(
        new PortAudioError("the speaker failed to account a played chunk", { cause: error }),
      );
    }
  }

  #chunk(mic: Int16Array, far: Int16Array, tag: number, inDevice: readonly number[]): void {
    this.#chunks++;
    try {
      this.#speaker?.consumed(far, tag, inDevice);
    } catch (error) {
      this.#fail(
        new PortAudioError("the speaker failed to account a played chunk", { cause: error }),
      );
      return;
    }
    if (this.#captures.size === 0) return;
    // Both sides through identical resamplers: the canceller sees the far end exactly as the mic's path shapes it.
    const raw = this.#micResampler.process(mic, this.#mic24).slice();
    let clean = raw;
    const aec = this.#aec;
    if (aec !== undefined) {
      const far24 = this.#farResampler.process(far, this.#far24);
      clean = new Int16Array(raw.length);
      const n = aec.frameSize;
      for (let i = 0; i + n <= raw.length; i += n) {
        aec.process(raw.subarray(i, i + n), far24.subarray(i, i + n), clean.subarray(i, i + n));
      }
    }
    for (const user of this.#captures) user.frame({ clean, raw });
  }

  #fail(error: AudioNodeError): void {
    const s = this.#state;
    if (s.status !== "opening" && s.status !== "running") return;
    this.#state = { status: "failed", error };
    this.#onClosed();
    closeAec(this.#aec);
    this.#aec = undefined;
    this.#speaker?.fail(error);
    for (const user of this.#captures) user.fail(error);
    void s.stream.close();
  }

  stats(): DeviceStats {
    const s = this.#state;
    const info = s.status === "running" ? s.info : undefined;
    const aec = this.#aec;
    return {
      state: s.status,
      mode: info?.mode,
      modeReason: info?.mode === "two-streams" ? info.modeReason : undefined,
      realigns: this.#realigns,
      sampleRate: this.sampleRate,
      input: info?.input,
      output: info?.output,
      users: this.#users,
      chunks: this.#chunks,
      underruns: this.#underruns,
      lateCallbacks: this.#late,
      xruns: this.#xruns,
      outputLatencyMs: this.outputLatencyMs,
      inputLatencyMs: info?.inputLatencyMs,
      aec:
        aec !== undefined
          ? { ...aec.stats(), enabled: true, resets: this.#aecResets }
          : this.#captures.size > 0
            ? { enabled: false }
            : undefined,
      error: s.status === "failed" ? s.error : undefined,
    };
  }
}

const registries = new WeakMap<object, Map<string, SharedDevice>>();

/** The shared device for these options: the open one, or a new one. Takes a reference. */
export function acquireDevice(options: DeviceOptions): SharedDevice {
  const sampleRate = options.sampleRate ?? 48000;
  if (sampleRate !== 48000 && sampleRate !== 44100) {
    throw new AudioNodeUsageError(
      "invalid_audio_options",
      `sampleRate must be 48000 or 44100 (the device's rate; the wire is resampled to 24 kHz), got ${String(sampleRate)}.`,
    );
  }
  for (const [name, value] of [
    ["input", options.input],
    ["output", options.output],
  ] as const) {
    if (
      value !== undefined &&
      typeof value !== "string" &&
      !(Number.isInteger(value) && value >= 0)
    ) {
      throw new AudioNodeUsageError(
        "invalid_audio_options",
        `${name} must be a device id (a non-negative integer) or a name from listDevices(), got ${String(value)}.`,
      );
    }
  }
  const backend = options.backend ?? naudiodonBackend;
  let registry = registries.get(backend);
  if (registry === undefined) {
    registry = new Map();
    registries.set(backend, registry);
  }
  const mode = options.mode ?? "auto";
  if (mode !== "auto" && mode !== "duplex" && mode !== "two-streams") {
    throw new AudioNodeUsageError(
      "invalid_audio_options",
      `mode must be "auto", "duplex" or "two-streams", got ${JSON.stringify(mode)}.`,
    );
  }
  const key = JSON.stringify([options.input ?? null, options.output ?? null, sampleRate, mode]);
  let device = registry.get(key);
  if (device === undefined || !device.usable) {
    const created: SharedDevice = new SharedDevice(options, () => {
      if (registry.get(key) === created) registry.delete(key);
    });
    device = created;
    registry.set(key, device);
  }
  device.acquire();
  return device;
}

/** Frees the canceller's native state now where the binding can (a `close()` is being added to aec-rs); else the GC does. */
function closeAec(aec: EchoCanceller | undefined): void {
  (aec as { close?: () => void } | undefined)?.close?.();
}
