import { EchoCanceller } from "@echo/aec-rs";

/** Plays 4 s of noise through a simulated room (80 ms delay, two reflections) and cancels it. */
export function main() {
  const aec = new EchoCanceller({ sampleRate: 24000 }); // 10 ms frames: 240 samples
  const n = aec.frameSize;
  const delay = 1920; // 80 ms at 24 kHz
  const far = new Float32Array(4 * 24000 + delay);
  let seed = 1;
  for (let i = 0; i < far.length; i++) {
    seed ^= seed << 13; // xorshift32 white noise
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    far[i] = ((seed >>> 0) / 4294967296 - 0.5) * 0.2;
  }
  const mic = new Float32Array(n);
  const out = new Float32Array(n); // reused: no allocation per frame
  let micEnergy = 0;
  let outEnergy = 0;
  for (let t = delay; t + n <= far.length; t += n) {
    for (let i = 0; i < n; i++) {
      const j = t + i - delay;
      mic[i] = 0.5 * (far[j] ?? 0) + 0.2 * (far[j - 37] ?? 0) - 0.1 * (far[j - 200] ?? 0);
    }
    aec.process(mic, far.subarray(t, t + n), out);
    if (t > 2 * 24000) {
      for (let i = 0; i < n; i++) {
        micEnergy += (mic[i] ?? 0) ** 2;
        outEnergy += (out[i] ?? 0) ** 2;
      }
    }
  }
  const { delayMs, erleDb } = aec.stats();
  return { delayMs, erleDb, removedDb: 10 * Math.log10(micEnergy / outEnergy) };
}
