import { PCM_RATE } from "./pcm.js";

/**
 * A pure tone as PCM16 24 kHz mono, with 5 ms fades so it starts and ends without clicks.
 * Handy for feeding the voice activity detector in tests.
 */
export function pcm16Tone(durationMs: number, frequencyHz = 440, amplitude = 0.3): Int16Array {
  const n = Math.round((durationMs * PCM_RATE) / 1000);
  const out = new Int16Array(n);
  const fade = Math.min(n / 2, PCM_RATE / 200);
  for (let i = 0; i < n; i++) {
    const env = Math.min(1, i / fade, (n - 1 - i) / fade);
    out[i] = Math.round(
      Math.sin((2 * Math.PI * frequencyHz * i) / PCM_RATE) * amplitude * env * 32767,
    );
  }
  return out;
}

/** Digital silence as PCM16 24 kHz mono. */
export function pcm16Silence(durationMs: number): Int16Array {
  return new Int16Array(Math.round((durationMs * PCM_RATE) / 1000));
}

/**
 * Speech-like audio standing in for a spoken reply: a buzzy voiced tone around 150 Hz with a
 * syllable rhythm of about 4 Hz, so it is audible, has speech-like energy and passes a VAD.
 */
export function pcm16SpeechLike(durationMs: number, seed = 1): Int16Array {
  const n = Math.round((durationMs * PCM_RATE) / 1000);
  const out = new Int16Array(n);
  let pitchPhase = 0;
  for (let i = 0; i < n; i++) {
    const t = i / PCM_RATE;
    const pitch = 140 + 25 * Math.sin(2 * Math.PI * 0.7 * t + seed);
    pitchPhase += (2 * Math.PI * pitch) / PCM_RATE;
    const syllable = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t + seed * 0.3);
    const voiced =
      Math.sin(pitchPhase) + 0.5 * Math.sin(2 * pitchPhase) + 0.25 * Math.sin(3 * pitchPhase);
    const edge = Math.min(1, i / 120, (n - 1 - i) / 120);
    out[i] = Math.round(voiced * syllable * edge * 0.18 * 32767);
  }
  return out;
}
