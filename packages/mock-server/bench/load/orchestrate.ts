import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

/** Memory figures a server process reports (after a full GC). */
export interface Memory {
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

/** What one load scenario measured. */
export interface LoadResult {
  server: "bare" | "mock";
  sessions: number;
  appendsPerSecond: number;
  deltas: number;
  /** Reply delta lateness against the real-time schedule, ms. */
  p50: number;
  p99: number;
  max: number;
  /** Reply rate error: mean (signed) and p99 of |error| over replies (0.01 = 1% slow). */
  pacingMean: number;
  pacingP99Abs: number;
  responses: number;
  errors: number;
  /** Sessions the server closed during the run. */
  dropped: number;
  /** Server event-loop delay, ms. */
  loopP99Ms: number;
  loopMaxMs: number;
  /** Server CPU time / wall time. */
  cpuShare: number;
  memory: Memory;
  memBefore: Memory;
}

/** What the memory soak measured. */
export interface SoakResult {
  sessions: number;
  minutes: number;
  responses: number;
  /** Heap + external memory one open session keeps, bytes. */
  perSessionBytes: number;
}

interface Message {
  kind: string;
  [key: string]: unknown;
}

function next(child: ChildProcess, kind: string): Promise<Message> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: Message) => {
      if (m.kind !== kind) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(m);
    };
    const onExit = (code: number | null) => reject(new Error(`waiting for ${kind}: exit ${code}`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill();
  await exited;
}

function startServer(kind: "bare" | "mock"): ChildProcess {
  // LOAD_PROFILE=<dir> writes a CPU profile of the server process.
  const profile = process.env.LOAD_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.LOAD_PROFILE}`]
    : [];
  return fork(here("./server.mjs"), [kind], {
    execArgv: ["--expose-gc", ...profile],
    stdio: "inherit",
  });
}

/**
 * One scenario: a server process of `kind`, a load generator process with `sessions` sessions
 * streaming for `durationMs`; returns the generator's and the server's figures.
 */
export async function runLoad(
  kind: "bare" | "mock",
  sessions: number,
  durationMs: number,
): Promise<LoadResult> {
  const server = startServer(kind);
  try {
    const { port } = await next(server, "listening");
    const url = `ws://127.0.0.1:${port}/v1/realtime`;
    const client = fork(here("./client.mjs"), [url, String(sessions), String(durationMs)], {
      stdio: "inherit",
    });
    try {
      await next(client, "ready");
      const started = next(server, "started");
      server.send("start");
      const memBefore = (await started).memory as Memory;
      const result = next(client, "result");
      client.send("go");
      const r = await result;
      const report = next(server, "report");
      server.send("report");
      const s = await report;
      const exited = once(server, "exit");
      server.send("exit");
      await exited;
      return { ...r, ...s, memBefore } as unknown as LoadResult;
    } finally {
      await stop(client);
    }
  } finally {
    await stop(server);
  }
}

/**
 * Memory per streaming session: `sessions` sessions each stream `minutes` of audio (faster than
 * real time) into a mock process, whose heap + external memory is measured with them open and
 * after they closed (after a full GC both times); the difference per session is what one keeps.
 */
export async function runSoak(sessions: number, minutes: number): Promise<SoakResult> {
  const server = startServer("mock");
  try {
    const { port } = await next(server, "listening");
    const url = `ws://127.0.0.1:${port}/v1/realtime`;
    const client = fork(here("./soak.mjs"), [url, String(sessions), String(minutes)], {
      stdio: "inherit",
    });
    try {
      const { responses } = await next(client, "streamed");
      const open = next(server, "memory");
      server.send("memory");
      const withSessions = (await open).memory as Memory;
      const closed = next(client, "closed");
      client.send("close");
      await closed;
      const after = next(server, "memory");
      server.send("memory");
      const without = (await after).memory as Memory;
      const perSessionBytes =
        (withSessions.heapUsed + withSessions.external - without.heapUsed - without.external) /
        sessions;
      return { sessions, minutes, responses: Number(responses), perSessionBytes };
    } finally {
      await stop(client);
    }
  } finally {
    await stop(server);
  }
}
