import type { AudioDeviceInfo, DeviceSelector } from "../devices.js";
import type { AudioNodeError } from "../errors.js";

/** How a device pair is opened (see {@link BackendOpenOptions.mode}). */
export type DeviceMode = "auto" | "duplex" | "two-streams";

/** What a backend opens: one duplex stream (mic and speaker on one clock), mono PCM16. */
export interface BackendOpenOptions {
  input: DeviceSelector | undefined;
  output: DeviceSelector | undefined;
  /**
   * `"auto"`: duplex, else two streams; `"duplex"`: fail rather than open two; `"two-streams"`:
   * input and output apart even where duplex works. Absent: `"auto"`.
   */
  mode?: DeviceMode;
  /** Device rate in Hz (48000 by default; PulseAudio stalls duplex streams at 24000). */
  sampleRate: number;
  /** Frames per chunk at `sampleRate` (960 = 20 ms at 48 kHz). */
  chunkFrames: number;
}

/** Where a backend delivers what the device did. Called from the event loop, one call per device chunk. */
export interface BackendHandlers {
  /**
   * One device chunk: what the microphone captured and what the speaker played in the same
   * callback (`far`, silence when nothing was queued), with the tag it was written with
   * (`-1` for silence). Both have `chunkFrames` samples; the arrays are the handler's to keep.
   */
  chunk(mic: Int16Array, far: Int16Array, farTag: number, health: BackendHealth): void;
  /**
   * Two streams only: the output consumed a chunk that pairs with no mic chunk (the output ran
   * before the input delivered, or its clock runs fast). Reported in play order, so whoever
   * counts what was played still counts it.
   */
  played?(far: Int16Array, farTag: number): void;
  /** The stream failed for good (device gone, PortAudio error). No `chunk` follows. */
  fail(error: AudioNodeError): void;
}

/** Counters a backend reports with every chunk. */
export interface BackendHealth {
  /** Chunks queued in the backend, not yet played. */
  queued: number;
  /** Callbacks that came later than the primed slack (the device waited: timing shifted). */
  late: number;
  /** Over- and underflows the device reported. */
  xruns: number;
  /**
   * Tags of the chunks already handed to the device after this one (-1 for silence): they play
   * whatever happens (a flush cannot recall them; PortAudio's abort is never used).
   */
  inDevice: readonly number[];
  /**
   * Two streams only: times the pairing of played and captured chunks was re-aligned (the
   * output and input clocks drifted apart, or one side stalled): the echo moved.
   */
  realigns?: number;
}

/** What a backend says about the stream once it runs. */
export interface BackendStreamInfo {
  /** `"duplex"`: one stream; `"two-streams"`: input and output opened apart (no common clock). */
  mode: "duplex" | "two-streams";
  /** Why two streams: forced by the `mode` option, or the error the duplex open gave. */
  modeReason?: string | undefined;
  input: { id: number; name: string };
  output: { id: number; name: string };
  /** Output latency the backend reports (device buffer after the callback), in ms. */
  outputLatencyMs: number;
  /** Input latency the backend reports, in ms. */
  inputLatencyMs: number;
}

/** An open backend stream. The backend clocks output from input: one queued chunk (or silence) per captured chunk. */
export interface BackendStream {
  /** Resolves when the device runs (first chunk on its way), rejects with a typed error if it cannot open. */
  readonly ready: Promise<BackendStreamInfo>;
  /** Queues one chunk of `chunkFrames` samples for output, tagged (tags are non-negative, increasing). */
  write(samples: Int16Array, tag: number): void;
  /**
   * Drops every queued chunk not yet handed to the device; the next chunk fades out what was
   * playing (no click). Resolves with the tags the device still holds (they play out), once
   * every chunk reported before the flush has been delivered to `chunk`.
   */
  flush(): Promise<readonly number[]>;
  /** Sets the output gain, applied as chunks reach the device (ramped over one chunk). */
  setVolume(gain: number): void;
  /** Chunks queued in the backend and not yet played. */
  readonly queuedChunks: number;
  /** Stops the stream; never hangs (a stuck device is killed after a timeout). Idempotent. */
  close(): Promise<void>;
  /** Whether the event loop may exit while this stream is open (`unref`) or not (`ref`). */
  setRef(ref: boolean): void;
}

/** One way to reach devices (naudiodon2 in a child process; a fake in unit tests). */
export interface AudioBackend {
  /** Lists the devices. */
  listDevices(): Promise<AudioDeviceInfo[]>;
  /** Opens a duplex stream; errors arrive through `ready` or `handlers.fail`. */
  open(options: BackendOpenOptions, handlers: BackendHandlers): BackendStream;
}
