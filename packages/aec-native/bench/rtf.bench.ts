import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, bench, describe } from "vitest";
import { EchoCanceller } from "../src/index.js";

// 10 s at 24 kHz: noise with a syllable-rate envelope through a decaying 150 ms room, 120 ms late.
const RATE = 24000;
const SECONDS = 10;
const N = RATE * SECONDS;
const far = new Float32Array(N);
const mic = new Float32Array(N);
let s = 7;
for (let i = 0; i < N; i++) {
  s ^= s << 13;
  s ^= s >>> 17;
  s ^= s << 5;
  const env = Math.sin((2 * Math.PI * 3 * i) / RATE) ** 2;
  far[i] = ((s >>> 0) / 4294967296 - 0.5) * 0.3 * env;
}
const room = Float32Array.from(
  { length: 3600 },
  (_, k) => Math.exp(-k / 600) * Math.cos(k * 0.7) * 0.3,
);
for (let i = 2880; i < N; i++) {
  let acc = 0;
  for (let k = 0; k < room.length && k <= i - 2880; k += 8)
    acc += (room[k] ?? 0) * (far[i - 2880 - k] ?? 0);
  mic[i] = acc;
}

function wav(x: Float32Array): Buffer {
  const b = Buffer.alloc(44 + x.length * 2);
  b.write("RIFF", 0);
  b.writeUInt32LE(36 + x.length * 2, 4);
  b.write("WAVEfmt ", 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(RATE, 24);
  b.writeUInt32LE(RATE * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write("data", 36);
  b.writeUInt32LE(x.length * 2, 40);
  for (let i = 0; i < x.length; i++) {
    b.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round((x[i] ?? 0) * 32767))), 44 + 2 * i);
  }
  return b;
}

const dir = mkdtempSync(join(tmpdir(), "aec-bench-"));
const farPath = join(dir, "far.wav");
const micPath = join(dir, "mic.wav");
writeFileSync(farPath, wav(far));
writeFileSync(micPath, wav(mic));
const cli = new URL("../target/release/aec-wav", import.meta.url).pathname;

const aec = new EchoCanceller({ sampleRate: RATE });
const n = aec.frameSize;
const out = new Float32Array(n);
const nodeTimes: number[] = [];

describe(`echo canceller, ${SECONDS} s at 24 kHz (RTF = audio seconds / CPU seconds)`, () => {
  bench("node binding: EchoCanceller.process, 10 ms frames", () => {
    const t0 = performance.now();
    for (let t = 0; t + n <= N; t += n)
      aec.process(mic.subarray(t, t + n), far.subarray(t, t + n), out);
    nodeTimes.push(performance.now() - t0);
  });

  bench("CLI: aec-wav far.wav mic.wav out.wav (process spawn + file I/O)", () => {
    if (!existsSync(cli)) throw new Error("build the CLI first: pnpm --filter @echo/aec-rs build");
    execFileSync(cli, [farPath, micPath, join(dir, "out.wav")], {
      stdio: ["ignore", "ignore", "pipe"],
    });
  });
});

afterAll(() => {
  // The CLI reports the RTF of its processing loop (file I/O excluded) on stderr.
  let cliRtf = 0;
  for (let i = 0; i < 5; i++) {
    const p = spawnSync(cli, [farPath, micPath, join(dir, "out.wav")], { encoding: "utf8" });
    const m = /rtf=([0-9.]+)/.exec(p.stderr);
    if (m?.[1]) cliRtf = Math.max(cliRtf, Number(m[1]));
  }
  const nodeRtf = SECONDS / (Math.min(...nodeTimes) / 1000);
  console.log(`\nRTF node binding, best of ${nodeTimes.length} runs: ${nodeRtf.toFixed(0)}`);
  console.log(`RTF CLI processing loop, best of 5 runs: ${cliRtf.toFixed(0)}`);
  console.log(`node binding / CLI loop: ${(nodeRtf / cliRtf).toFixed(2)}x`);
});
