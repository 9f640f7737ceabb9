import type { AudioSink } from "@echo/core";
import { createFakeSpeaker, type FakeSpeaker } from "@echo/core/testing";
import type { VoiceAudio } from "../../src/voice/audio.js";

/** A {@link VoiceAudio} whose microphone the test feeds and whose speaker is core's fake. */
export interface FakeAudio extends VoiceAudio {
  readonly speaker: FakeSpeaker;
  /** Delivers 20 ms frames of `samples` to the chat, as a microphone would (unless muted). */
  say(samples: Int16Array): Promise<void>;
  readonly controls: { muted: boolean; pushToTalk: boolean; held: boolean };
  inputLevel(db: number): void;
}

export function fakeAudio(): FakeAudio {
  const speaker = createFakeSpeaker();
  const sinks = new Set<AudioSink>();
  const controls = { muted: false, pushToTalk: false, held: false };
  const inputListeners = new Set<(db: number) => void>();
  return {
    speaker,
    microphone: {
      subscribe(sink) {
        sinks.add(sink);
        return () => sinks.delete(sink);
      },
    },
    controls,
    async say(samples) {
      for (let at = 0; at < samples.length; at += 480) {
        const live = !controls.muted && (!controls.pushToTalk || controls.held);
        if (live) for (const sink of sinks) sink.frame(samples.subarray(at, at + 480));
        // Yield now and then so the session sends while we "speak".
        if ((at / 480) % 10 === 0) await new Promise((r) => setImmediate(r));
      }
    },
    setMuted(muted) {
      controls.muted = muted;
    },
    setPushToTalk(enabled) {
      controls.pushToTalk = enabled;
    },
    setHeld(held) {
      controls.held = held;
    },
    onInputLevel(listener) {
      inputListeners.add(listener);
      return () => inputListeners.delete(listener);
    },
    onOutputLevel() {
      return () => {};
    },
    inputLevel(db) {
      for (const listener of inputListeners) listener(db);
    },
    get queuedMs() {
      return speaker.queuedMs;
    },
    outputLatencyMs: 0,
    inputLatencyMs: 0,
    describe: () => "fake → fake",
    close: async () => {},
  };
}
