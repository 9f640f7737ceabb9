import { PCM16_SAMPLE_RATE } from "../pcm/duration.js";

const SAMPLES_PER_MS = PCM16_SAMPLE_RATE / 1000;

/**
 * `ms` milliseconds of a 440 Hz PCM16 24 kHz tone at about -15 dBFS RMS (amplitude 8000): loud
 * enough to count as speech for an energy VAD such as the mock server's.
 */
export function pcmTone(ms: number, frequencyHz = 440): Int16Array {
  const out = new Int16Array(Math.round(ms * SAMPLES_PER_MS));
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.round(8000 * Math.sin((2 * Math.PI * frequencyHz * i) / PCM16_SAMPLE_RATE));
  }
  return out;
}

/** `ms` milliseconds of PCM16 24 kHz silence. */
export function pcmSilence(ms: number): Int16Array {
  return new Int16Array(Math.round(ms * SAMPLES_PER_MS));
}

/** `n` samples counting up from `from` (wrapping at 16 bits): content a test can check sample by sample. */
export function pcmRamp(n: number, from = 0): Int16Array {
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = from + i;
  return out;
}

/** The parts one after the other, in one array. */
export function concatPcm(...parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
