import { type AudioSource, audioSourceFromIterable } from "@echo/core";
import { pcm16Silence, pcm16SpeechLike } from "@echo/mock-server";

/** An AudioSource playing `speechMs` of speech-like PCM then `silenceMs` of silence, 20 ms frames, `speed` times real time. */
export function speechSource(speechMs: number, silenceMs: number, speed = 4): AudioSource {
  const pcm = new Int16Array([...pcm16SpeechLike(speechMs), ...pcm16Silence(silenceMs)]);
  async function* frames() {
    for (let at = 0; at < pcm.length; at += 480) {
      yield pcm.subarray(at, at + 480);
      await new Promise((r) => setTimeout(r, 20 / speed));
    }
  }
  return audioSourceFromIterable(frames());
}

/** Root mean square of samples, 0..1. */
export function rms(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += (s / 32768) ** 2;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}
