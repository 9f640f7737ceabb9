import type { AudioSink, AudioSource } from "@echo/core";
import type { AudioDevice, DeviceOptions } from "./device.js";
import { type AudioNodeError, AudioNodeUsageError } from "./errors.js";
import { type LevelListener, LevelMeter } from "./level.js";
import { acquireDevice, type CaptureFrame } from "./shared-device.js";

/** Options of {@link createMicrophone}. */
export interface MicrophoneOptions extends DeviceOptions {
  /**
   * Remove the speaker's echo with `@echo/aec-rs` (default `true`). The reference is what the
   * shared duplex device played in the same callback, so give the speaker's `output` here too.
   */
  aec?: boolean;
  /** Start in push-to-talk mode: audio is delivered only between `hold()` and `release()` (default `false`). */
  pushToTalk?: boolean;
  /** Called with device faults (typed {@link AudioNodeError}s; subscribers get `end(error)` too) and throwing level listeners. */
  onError?: (error: unknown) => void;
}

/**
 * A real microphone: core's {@link AudioSource} (PCM16 24 kHz mono in 20 ms frames,
 * echo-cancelled by default), with mute, push-to-talk and an input level meter.
 */
export interface Microphone extends AudioSource {
  /** Stops delivering audio (nothing is sent) until `unmute()`. The level meter keeps reading (a UI can show "you are muted"). */
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
  /** Calls `listener` with the level of each captured chunk (after echo cancellation, muted or not). Returns an unsubscribe function. */
  onLevel(listener: LevelListener): () => void;
  /** The shared device this microphone captures from. */
  readonly device: AudioDevice;
  /** Ends every subscription and releases the device (idempotent). */
  close(): Promise<void>;
}

/** Creates a microphone on the default input (or `options.input`). The device opens in the background. */
export function createMicrophone(options: MicrophoneOptions = {}): Microphone {
  const device = acquireDevice(options);
  const onError = (error: unknown) => {
    try {
      options.onError?.(error);
    } catch {
      // A throwing handler must not stop capture.
    }
  };
  const aec = options.aec ?? true;
  const meter = new LevelMeter(onError);
  const sinks = new Set<AudioSink>();
  let muted = false;
  let pushToTalk = options.pushToTalk ?? false;
  let held = false;
  let state:
    | { status: "open" }
    | { status: "failed"; error: AudioNodeError }
    | { status: "closed" } = { status: "open" };
  const live = () => !muted && (!pushToTalk || held);

  const endAll = (error?: unknown) => {
    const ending = [...sinks];
    sinks.clear();
    for (const sink of ending) {
      try {
        sink.end(error);
      } catch (e) {
        onError(e);
      }
    }
  };

  const user = {
    aec,
    frame(frame: CaptureFrame) {
      const samples = aec ? frame.clean : frame.raw;
      meter.measure(samples);
      if (!live()) return;
      for (const sink of sinks) {
        try {
          sink.frame(samples);
        } catch (error) {
          onError(error);
        }
      }
    },
    fail(error: AudioNodeError) {
      if (state.status !== "open") return;
      state = { status: "failed", error };
      onError(error);
      endAll(error);
    },
  };
  device.attachCapture(user);

  return {
    subscribe(sink: AudioSink) {
      if (state.status === "failed") {
        const error = state.error;
        queueMicrotask(() => sink.end(error));
        return () => {};
      }
      if (state.status === "closed") {
        throw new AudioNodeUsageError(
          "audio_closed",
          "This microphone is closed; create a new one.",
        );
      }
      sinks.add(sink);
      return () => {
        sinks.delete(sink);
      };
    },
    mute() {
      muted = true;
    },
    unmute() {
      muted = false;
    },
    get muted() {
      return muted;
    },
    setPushToTalk(enabled: boolean) {
      pushToTalk = enabled;
      held = false;
    },
    get pushToTalk() {
      return pushToTalk;
    },
    hold() {
      held = true;
    },
    release() {
      held = false;
    },
    get live() {
      return live();
    },
    onLevel(listener: LevelListener) {
      return meter.subscribe(listener);
    },
    device,
    async close() {
      if (state.status === "closed") return;
      state = { status: "closed" };
      device.detachCapture(user);
      endAll();
      await device.release();
    },
  };
}
