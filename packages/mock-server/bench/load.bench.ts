import { afterAll, bench, describe } from "vitest";
import { type LoadResult, runLoad, runSoak, type SoakResult } from "./load/orchestrate.js";

// The mock under load, measured against a bare `ws` server under the same load in the same
// run: each server in its own process, the load generated from a third. Every session appends
// 20 ms of audio every 20 ms (2 s of tone, 0.5 s of silence: a turn every 2.5 s) and receives a
// continuous reply: the mock's default parrot answers each turn, paced to real time (200 ms
// deltas every 200 ms); the bare server streams a pre-made 200 ms delta every 200 ms.
// LOAD_SESSIONS, LOAD_SECONDS and SOAK_SESSIONS change the sizes; the machine is shared, so
// read the mock's figures against the bare server's, not as absolutes.
const SESSIONS = Number(process.env.LOAD_SESSIONS ?? 200);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);
const SOAK_SESSIONS = Number(process.env.SOAK_SESSIONS ?? 10);

const results: Partial<Record<"bare" | "mock", LoadResult>> = {};
let soak: SoakResult | undefined;
const once = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 };

describe(`${SESSIONS} streaming sessions for ${SECONDS} s, one server process`, () => {
  bench(
    "bare ws server (parse frames, pre-made deltas)",
    async () => {
      results.bare = await runLoad("bare", SESSIONS, SECONDS * 1000);
    },
    once,
  );
  bench(
    "mock server (default parrot, paced replies)",
    async () => {
      results.mock = await runLoad("mock", SESSIONS, SECONDS * 1000);
    },
    once,
  );
});

describe(`memory: ${SOAK_SESSIONS} sessions each streaming 10 minutes of audio`, () => {
  bench(
    "mock server",
    async () => {
      soak = await runSoak(SOAK_SESSIONS, 10);
    },
    once,
  );
});

const ms = (v: number) => `${v.toFixed(1)} ms`;
const pct = (v: number) => `${(v * 100).toFixed(2)}%`;

afterAll(() => {
  const rows: string[][] = [
    ["", "sessions", "p50", "p99", "max", "loop p99", "cpu", "pacing mean", "pacing p99 |err|"],
  ];
  for (const r of [results.bare, results.mock]) {
    if (!r) continue;
    rows.push([
      r.server,
      String(r.sessions),
      ms(r.p50),
      ms(r.p99),
      ms(r.max),
      ms(r.loopP99Ms),
      pct(r.cpuShare),
      pct(r.pacingMean),
      pct(r.pacingP99Abs),
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  const lines = rows.map((row) => row.map((c, i) => c.padStart(widths?.[i] ?? 0)).join("  "));
  const { bare, mock } = results;
  if (bare && mock) {
    lines.push(
      `mock / bare: p99 ${(mock.p99 / bare.p99).toFixed(2)}x, cpu ${(mock.cpuShare / bare.cpuShare).toFixed(2)}x; errors ${mock.errors}, dropped ${mock.dropped}`,
    );
  }
  if (soak) {
    lines.push(
      `memory per streaming session after ${soak.minutes} minutes: ${(soak.perSessionBytes / 1024).toFixed(0)} KiB (${soak.sessions} sessions, ${soak.responses} replies)`,
    );
  }
  process.stdout.write(`\n${lines.join("\n")}\n`);
});
