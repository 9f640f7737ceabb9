import { ConverterType, create } from "@alexanderolsen/libsamplerate-js";
import { EchoCanceller } from "@echo/aec-rs";
import { base64ToInt16, int16ToBase64 } from "@echo/core";
import { bench, describe } from "vitest";
import { Resampler } from "../src/index.js";
import { sweep } from "../test/signals.js";
import { Resampler as BaselineResampler } from "./baseline/resampler.js";

// One second of device audio in 20 ms chunks (48 kHz) and of wire audio (24 kHz).
const mic48 = sweep(100, 9000, 48000, 48000, 8000);
const far48 = sweep(150, 8000, 48000, 48000, 8000);
const wire24 = sweep(100, 9000, 24000, 24000, 8000);
const wireChunks = Array.from({ length: 50 }, (_, i) =>
  int16ToBase64(wire24.subarray(i * 480, (i + 1) * 480)),
);

interface Resamplers {
  micDown: { process(input: Int16Array, out?: Int16Array): Int16Array };
  farDown: { process(input: Int16Array, out?: Int16Array): Int16Array };
  speakerUp: { process(input: Int16Array, out?: Int16Array): Int16Array };
}
const current: Resamplers = {
  micDown: new Resampler({ from: 48000, to: 24000 }),
  farDown: new Resampler({ from: 48000, to: 24000 }),
  speakerUp: new Resampler({ from: 24000, to: 48000 }),
};
// The resampler before this round of optimisation, measured in the same run (ratios, not ms).
const baseline: Resamplers = {
  micDown: new BaselineResampler({ from: 48000, to: 24000 }),
  farDown: new BaselineResampler({ from: 48000, to: 24000 }),
  speakerUp: new BaselineResampler({ from: 24000, to: 48000 }),
};
const aec = new EchoCanceller({ sampleRate: 24000 });
const mic24 = new Int16Array(480);
const far24 = new Int16Array(480);
const clean = new Int16Array(480);
const out48 = new Int16Array(960);

/** What one session does per second of conversation, without the device and the socket. */
function pipelineSecond(withAec: boolean, { micDown, farDown, speakerUp }: Resamplers): number {
  let bytes = 0;
  for (let c = 0; c < 50; c++) {
    // Microphone side: both signals resampled the same way, echo-cancelled in 10 ms frames, sent.
    micDown.process(mic48.subarray(c * 960, (c + 1) * 960), mic24);
    farDown.process(far48.subarray(c * 960, (c + 1) * 960), far24);
    if (withAec) {
      aec.process(mic24.subarray(0, 240), far24.subarray(0, 240), clean.subarray(0, 240));
      aec.process(mic24.subarray(240), far24.subarray(240), clean.subarray(240));
    }
    const append = JSON.stringify({
      type: "input_audio_buffer.append",
      audio: int16ToBase64(withAec ? clean : mic24),
    });
    // Speaker side: a delta event parsed, decoded and resampled to the device rate.
    const delta = JSON.parse(
      JSON.stringify({
        type: "response.output_audio.delta",
        item_id: "item_1",
        content_index: 0,
        delta: wireChunks[c],
      }),
    ) as { delta: string };
    speakerUp.process(base64ToInt16(delta.delta), out48);
    bytes += append.length;
  }
  return bytes;
}

/**
 * The ratio that matters, robust to a shared machine: current and baseline interleaved round by
 * round (a load spike hits both), each round one second of audio through each, medians compared.
 * Sessions per core = 1000 / (median ms of CPU per second of audio).
 */
function interleaved(rounds: number): void {
  const times = { current: [] as number[], baseline: [] as number[] };
  for (let r = 0; r < rounds + 5; r++) {
    for (const [name, set] of [
      ["current", current],
      ["baseline", baseline],
    ] as const) {
      const start = performance.now();
      pipelineSecond(true, set);
      if (r >= 5) times[name].push(performance.now() - start); // the first rounds warm up the JIT
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
  const ms = { current: median(times.current), baseline: median(times.baseline) };
  const best = { current: Math.min(...times.current), baseline: Math.min(...times.baseline) };
  process.stderr.write(
    `per-session pipeline, interleaved ${rounds} rounds: ${ms.current.toFixed(2)} ms per second of audio ` +
      `(${(1000 / ms.current).toFixed(0)} sessions per core; best round ${(1000 / best.current).toFixed(0)}) ` +
      `vs baseline resampler ${ms.baseline.toFixed(2)} ms (${(1000 / ms.baseline).toFixed(0)}; best ${(1000 / best.baseline).toFixed(0)}): ` +
      `${(ms.baseline / ms.current).toFixed(2)}x\n`,
  );
}
interleaved(60);

describe("per-session pipeline, one second of audio (hz = sessions one core sustains in real time)", () => {
  bench("resample both ways + AEC + base64 + events", () => {
    pipelineSecond(true, current);
  });
  bench("the same with the baseline resampler (before)", () => {
    pipelineSecond(true, baseline);
  });
  bench("the same without AEC", () => {
    pipelineSecond(false, current);
  });
});

const lsrMedium = await create(1, 48000, 24000, {
  converterType: ConverterType.SRC_SINC_MEDIUM_QUALITY,
});
const lsrBest = await create(1, 48000, 24000, {
  converterType: ConverterType.SRC_SINC_BEST_QUALITY,
});
const lsrFast = await create(1, 48000, 24000, { converterType: ConverterType.SRC_SINC_FASTEST });
const float48 = Float32Array.from(mic48, (v) => v / 32768);
const ours = new Resampler({ from: 48000, to: 24000 });
const ours441 = new Resampler({ from: 44100, to: 24000 });
const mic441 = sweep(100, 9000, 44100, 44100, 8000);
const ours24up = new Resampler({ from: 24000, to: 48000 });
const baselineDown = new BaselineResampler({ from: 48000, to: 24000 });
const baselineUp = new BaselineResampler({ from: 24000, to: 48000 });

describe("resampler, one second 48 kHz -> 24 kHz in 20 ms chunks", () => {
  bench("ours (polyphase Kaiser, PCM16 in/out)", () => {
    for (let c = 0; c < 50; c++) ours.process(mic48.subarray(c * 960, (c + 1) * 960), mic24);
  });
  bench("baseline (before: one/two accumulators, up-sampler not folded)", () => {
    for (let c = 0; c < 50; c++)
      baselineDown.process(mic48.subarray(c * 960, (c + 1) * 960), mic24);
  });
  bench("libsamplerate-js SINC_FASTEST (float32, full API)", () => {
    for (let c = 0; c < 50; c++) lsrFast.full(float48.subarray(c * 960, (c + 1) * 960));
  });
  bench("libsamplerate-js SINC_MEDIUM_QUALITY", () => {
    for (let c = 0; c < 50; c++) lsrMedium.full(float48.subarray(c * 960, (c + 1) * 960));
  });
  bench("libsamplerate-js SINC_BEST_QUALITY", () => {
    for (let c = 0; c < 50; c++) lsrBest.full(float48.subarray(c * 960, (c + 1) * 960));
  });
  bench("ours 44.1 kHz -> 24 kHz", () => {
    for (let c = 0; c < 50; c++) ours441.process(mic441.subarray(c * 882, (c + 1) * 882));
  });
  bench("ours 24 kHz -> 48 kHz", () => {
    for (let c = 0; c < 50; c++) ours24up.process(wire24.subarray(c * 480, (c + 1) * 480), out48);
  });
  bench("baseline 24 kHz -> 48 kHz (before)", () => {
    for (let c = 0; c < 50; c++) baselineUp.process(wire24.subarray(c * 480, (c + 1) * 480), out48);
  });
});
