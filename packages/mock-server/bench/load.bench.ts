import { afterAll, bench, describe } from "vitest";
import { type LoadResult, runLoad, runSoak, type SoakResult } from "./load/orchestrate.js";

// The mock under load, measured against a bare `ws` server under the same load in the same
// run: each server in its own process, the load generated from a third. Every session appends
// 20 ms of audio every 20 ms (2 s of tone, 0.5 s of silence: a turn every 2.5 s) and receives a
// continuous reply: the mock's default parrot answers each turn, paced to real time (200 ms
// deltas every 200 ms); the bare server streams a pre-made 200 ms delta every 200 ms.
// LOAD_SESSIONS, LOAD_SECONDS, LOAD_ROUNDS and SOAK_SESSIONS (0: no soak) change the sizes; the machine is shared, so
// read the mock's figures against the bare server's, not as absolutes.
const SESSIONS = Number(process.env.LOAD_SESSIONS ?? 200);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);
const ROUNDS = Number(process.env.LOAD_ROUNDS ?? 3);
const SOAK_SESSIONS = Number(process.env.SOAK_SESSIONS ?? 10);

// Rounds alternate bare, mock, bare, mock...: other jobs on the machine come and go, and each
// figure is the median over rounds, so a burst of someone else's work hits both sides alike.
const runs: Record<"bare" | "mock", LoadResult[]> = { bare: [], mock: [] };
let soak: SoakResult | undefined;
const once = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 };

describe(`${SESSIONS} streaming sessions for ${SECONDS} s, one server process, ${ROUNDS} rounds`, () => {
  bench(
    "bare ws server and mock server, alternating",
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        runs.bare.push(await runLoad("bare", SESSIONS, SECONDS * 1000));
        runs.mock.push(await runLoad("mock", SESSIONS, SECONDS * 1000));
      }
    },
    once,
  );
});

describe(`memory: ${SOAK_SESSIONS} sessions each streaming 10 minutes of audio`, () => {
  bench(
    "mock server",
    async () => {
      if (SOAK_SESSIONS > 0) soak = await runSoak(SOAK_SESSIONS, 10);
    },
    once,
  );
});

const ms = (v: number) => `${v.toFixed(1)} ms`;
const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

afterAll(() => {
  const rows: string[][] = [
    [
      "median",
      "sessions",
      "p50",
      "p99",
      "max",
      "loop p99",
      "cpu",
      "pacing mean",
      "pacing p99 |err|",
      "p99 per round",
    ],
  ];
  const med = (kind: "bare" | "mock", f: (r: LoadResult) => number) => median(runs[kind].map(f));
  for (const kind of ["bare", "mock"] as const) {
    if (runs[kind].length === 0) continue;
    rows.push([
      kind,
      String(med(kind, (r) => r.sessions)),
      ms(med(kind, (r) => r.p50)),
      ms(med(kind, (r) => r.p99)),
      ms(med(kind, (r) => r.max)),
      ms(med(kind, (r) => r.loopP99Ms)),
      pct(med(kind, (r) => r.cpuShare)),
      pct(med(kind, (r) => r.pacingMean)),
      pct(med(kind, (r) => r.pacingP99Abs)),
      runs[kind].map((r) => r.p99.toFixed(0)).join(" / "),
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  const lines = rows.map((row) => row.map((c, i) => c.padStart(widths?.[i] ?? 0)).join("  "));
  if (runs.bare.length > 0 && runs.mock.length > 0) {
    const ratio = (f: (r: LoadResult) => number) => (med("mock", f) / med("bare", f)).toFixed(2);
    const errors = runs.mock.reduce((n, r) => n + r.errors, 0);
    const dropped = runs.mock.reduce((n, r) => n + r.dropped, 0);
    lines.push(
      `mock / bare (medians): p99 ${ratio((r) => r.p99)}x, loop p99 ${ratio((r) => r.loopP99Ms)}x, cpu ${ratio((r) => r.cpuShare)}x; mock errors ${errors}, dropped sessions ${dropped}`,
    );
  }
  if (soak) {
    lines.push(
      `memory per streaming session after ${soak.minutes} minutes: ${(soak.perSessionBytes / 1024).toFixed(0)} KiB (${soak.sessions} sessions, ${soak.responses} replies)`,
    );
  }
  process.stdout.write(`\n${lines.join("\n")}\n`);
});
