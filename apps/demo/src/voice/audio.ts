import type { AudioSource, Speaker } from "@echo/core";

/**
 * The audio the voice chat needs: a speaker for `stream`, a microphone for `captureAudio`, and
 * the controls and meters of the screen. `@echo/audio-node` provides it on real devices
 * (`device-audio.ts`); tests can give a file and a fake speaker.
 */
export interface VoiceAudio {
  /** Plays the assistant (PCM16 24 kHz). */
  readonly speaker: Speaker;
  /** The user's voice (PCM16 24 kHz, echo-cancelled when asked). */
  readonly microphone: AudioSource;
  /** Mute: nothing is sent. */
  setMuted(muted: boolean): void;
  /** Push-to-talk: audio is sent only while held. */
  setPushToTalk(enabled: boolean): void;
  /** Push-to-talk: the talk key is held (or not). */
  setHeld(held: boolean): void;
  /** Level (RMS dBFS) of each microphone chunk, after echo cancelling. Returns an unsubscribe. */
  onInputLevel(listener: (db: number) => void): () => void;
  /** Level (RMS dBFS) of each chunk the speaker plays. Returns an unsubscribe. */
  onOutputLevel(listener: (db: number) => void): () => void;
  /** Milliseconds written to the speaker and not yet heard. */
  readonly queuedMs: number;
  /** Delay from a write reaching the device to it being heard, in ms (0 when unknown). */
  readonly outputLatencyMs: number;
  /** Delay from sound reaching the microphone to its chunk arriving here, in ms (0 when unknown). */
  readonly inputLatencyMs: number;
  /** e.g. "pulse → pulse (duplex, 48 kHz)". */
  describe(): string;
  /** Releases the devices (idempotent). */
  close(): Promise<void>;
}
