/** Settings of the energy voice activity detector, in `server_vad` terms. */
export interface VadSettings {
  /** 0–1 like `server_vad.threshold`; mapped linearly to a level of -70 dBFS (0) to -10 dBFS (1). */
  threshold: number;
  /** Audio kept before the detected start (`prefix_padding_ms`). */
  prefixPaddingMs: number;
  /** Silence that ends a turn (`silence_duration_ms`). */
  silenceDurationMs: number;
}

/** What the detector found; times are milliseconds since the session's first appended audio. */
export type VadEvent =
  | { type: "speech_started"; audioStartMs: number }
  | { type: "speech_stopped"; audioEndMs: number };

type VadState =
  | { kind: "silence"; voicedSinceMs: number | null }
  | { kind: "speech"; startMs: number; lastVoicedEndMs: number };

/** Frames of 10 ms: the detector decides per frame. */
const FRAME_MS = 10;
/** Consecutive voiced time needed to declare speech (filters clicks). */
const MIN_SPEECH_MS = 30;

/** The level in dBFS that a `server_vad` threshold stands for. */
export function thresholdToDbfs(threshold: number): number {
  return -70 + 60 * Math.min(1, Math.max(0, threshold));
}

/**
 * An energy-based voice activity detector with `server_vad` semantics: 10 ms frames, RMS level
 * against a threshold, speech declared after 30 ms of voiced frames and started
 * `prefixPaddingMs` earlier, ended after `silenceDurationMs` of unvoiced frames (the end time
 * includes that silence, as the real `audio_end_ms` does).
 */
export class EnergyVad {
  private state: VadState = { kind: "silence", voicedSinceMs: null };
  private readonly frameSamples: number;
  private readonly frame: Float64Array;
  private fill = 0;
  private readonly thresholdRms: number;
  /** Milliseconds of audio processed so far (the session's audio clock). */
  positionMs: number;

  constructor(
    private readonly settings: VadSettings,
    sampleRate: number,
    startMs = 0,
  ) {
    this.frameSamples = (sampleRate * FRAME_MS) / 1000;
    this.frame = new Float64Array(this.frameSamples);
    this.thresholdRms = 10 ** (thresholdToDbfs(settings.threshold) / 20) * 32768;
    this.positionMs = startMs;
  }

  /** Whether the detector is inside a speech segment. */
  get inSpeech(): boolean {
    return this.state.kind === "speech";
  }

  /** Forgets any speech in progress (after a manual commit or a clear). */
  reset(): void {
    this.state = { kind: "silence", voicedSinceMs: null };
  }

  /** Feeds samples; returns the events they caused, in order. */
  push(samples: Int16Array): VadEvent[] {
    const events: VadEvent[] = [];
    for (let i = 0; i < samples.length; i++) {
      this.frame[this.fill++] = samples[i] ?? 0;
      if (this.fill === this.frameSamples) {
        this.fill = 0;
        const ev = this.decide(this.rms() >= this.thresholdRms);
        if (ev) events.push(ev);
      }
    }
    return events;
  }

  private rms(): number {
    let sum = 0;
    for (let i = 0; i < this.frameSamples; i++) {
      const v = this.frame[i] ?? 0;
      sum += v * v;
    }
    return Math.sqrt(sum / this.frameSamples);
  }

  private decide(voiced: boolean): VadEvent | undefined {
    const frameStart = this.positionMs;
    this.positionMs += FRAME_MS;
    const s = this.state;
    if (s.kind === "silence") {
      if (!voiced) {
        s.voicedSinceMs = null;
        return undefined;
      }
      s.voicedSinceMs ??= frameStart;
      if (this.positionMs - s.voicedSinceMs < MIN_SPEECH_MS) return undefined;
      const startMs = Math.max(0, s.voicedSinceMs - this.settings.prefixPaddingMs);
      this.state = { kind: "speech", startMs, lastVoicedEndMs: this.positionMs };
      return { type: "speech_started", audioStartMs: startMs };
    }
    if (voiced) {
      s.lastVoicedEndMs = this.positionMs;
      return undefined;
    }
    if (this.positionMs - s.lastVoicedEndMs < this.settings.silenceDurationMs) return undefined;
    this.state = { kind: "silence", voicedSinceMs: null };
    return { type: "speech_stopped", audioEndMs: this.positionMs };
  }
}
