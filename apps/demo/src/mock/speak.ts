import { execFileSync } from "node:child_process";

/** Parses a PCM16 mono WAV file; `undefined` when it is not one. */
export function parseWav(
  bytes: Uint8Array,
): { sampleRate: number; samples: Int16Array } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") return undefined;
  let sampleRate: number | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    // espeak-ng writes to a pipe, so its sizes are placeholders (0x7fffffff): clamp to what is there.
    const size = Math.min(view.getUint32(offset + 4, true), bytes.length - offset - 8);
    if (id === "fmt ") {
      const format = view.getUint16(offset + 8, true);
      const channels = view.getUint16(offset + 10, true);
      const bits = view.getUint16(offset + 22, true);
      if (format !== 1 || channels !== 1 || bits !== 16) return undefined;
      sampleRate = view.getUint32(offset + 12, true);
    } else if (id === "data" && sampleRate !== undefined) {
      const samples = new Int16Array(Math.floor(size / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(offset + 8 + i * 2, true);
      return { sampleRate, samples };
    }
    offset += 8 + size + (size % 2);
  }
  return undefined;
}

/** Linear resampling: plenty for a mock's voice line (not for the audio path). */
export function resampleLinear(input: Int16Array, from: number, to: number): Int16Array {
  if (from === to) return input;
  const out = new Int16Array(Math.floor((input.length * to) / from));
  const step = from / to;
  for (let i = 0; i < out.length; i++) {
    const x = i * step;
    const j = Math.floor(x);
    const a = input[j] ?? 0;
    const b = input[j + 1] ?? a;
    out[i] = Math.round(a + (b - a) * (x - j));
  }
  return out;
}

/** Speaks text as PCM16 24 kHz mono. */
export type Speak = (text: string) => Int16Array | undefined;

/**
 * A voice for the mock: `espeak-ng` when it is installed (lines are cached), else `undefined`
 * for every text (the mock then makes speech-like sound of the right length).
 */
export function espeakVoice(command = "espeak-ng"): Speak {
  const cache = new Map<string, Int16Array | undefined>();
  let missing = false;
  return (text) => {
    if (missing) return undefined;
    if (cache.has(text)) return cache.get(text);
    let pcm: Int16Array | undefined;
    try {
      const wav = execFileSync(command, ["--stdout", "-s", "165", "--", text], {
        timeout: 5000,
        stdio: ["ignore", "pipe", "ignore"],
        maxBuffer: 32 * 1024 * 1024,
      });
      const parsed = parseWav(wav);
      pcm = parsed && resampleLinear(parsed.samples, parsed.sampleRate, 24_000);
    } catch {
      missing = true;
      return undefined;
    }
    cache.set(text, pcm);
    return pcm;
  };
}
