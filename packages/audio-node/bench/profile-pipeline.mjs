// Profiles the per-session pipeline of bench/pipeline.bench.ts (built sources): run with
// `node --cpu-prof --cpu-prof-dir=<dir> bench/profile-pipeline.mjs [seconds]` after `pnpm build`,
// then summarise the .cpuprofile by self time (bench/profile-summary.mjs).
import { EchoCanceller } from "@echo/aec-rs";
import { base64ToInt16, int16ToBase64 } from "@echo/core";
import { Resampler } from "../dist/index.js";

function sweep(f0, f1, rate, samples, amplitude) {
  const out = new Int16Array(samples);
  const duration = samples / rate;
  const k = Math.log(f1 / f0);
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    out[i] = Math.round(
      amplitude *
        Math.sin(((2 * Math.PI * f0 * duration) / k) * (Math.exp((t / duration) * k) - 1)),
    );
  }
  return out;
}
const mic48 = sweep(100, 9000, 48000, 48000, 8000);
const far48 = sweep(150, 8000, 48000, 48000, 8000);
const wire24 = sweep(100, 9000, 24000, 24000, 8000);
const wireChunks = Array.from({ length: 50 }, (_, i) =>
  int16ToBase64(wire24.subarray(i * 480, (i + 1) * 480)),
);
const micDown = new Resampler({ from: 48000, to: 24000 });
const farDown = new Resampler({ from: 48000, to: 24000 });
const speakerUp = new Resampler({ from: 24000, to: 48000 });
const aec = new EchoCanceller({ sampleRate: 24000 });
const mic24 = new Int16Array(480);
const far24 = new Int16Array(480);
const clean = new Int16Array(480);
const out48 = new Int16Array(960);
const seconds = Number(process.argv[2] ?? 200);
const started = performance.now();
for (let s = 0; s < seconds; s++) {
  for (let c = 0; c < 50; c++) {
    micDown.process(mic48.subarray(c * 960, (c + 1) * 960), mic24);
    farDown.process(far48.subarray(c * 960, (c + 1) * 960), far24);
    aec.process(mic24.subarray(0, 240), far24.subarray(0, 240), clean.subarray(0, 240));
    aec.process(mic24.subarray(240), far24.subarray(240), clean.subarray(240));
    JSON.stringify({ type: "input_audio_buffer.append", audio: int16ToBase64(clean) });
    const delta = JSON.parse(
      JSON.stringify({
        type: "response.output_audio.delta",
        item_id: "item_1",
        content_index: 0,
        delta: wireChunks[c],
      }),
    );
    speakerUp.process(base64ToInt16(delta.delta), out48);
  }
}
const ms = (performance.now() - started) / seconds;
process.stderr.write(
  `${ms.toFixed(2)} ms CPU per second of audio (${(1000 / ms).toFixed(0)} sessions per core)\n`,
);
