import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { pulseStatus } from "../../../../vitest.pulse.js";

/**
 * Whether PulseAudio is there for the device tests. Under CI=true its absence fails loudly
 * (device tests must run in CI); elsewhere the files skip with the reason.
 */
export function pulseAvailable(): boolean {
  const pulse = pulseStatus();
  let reason = pulse.ok ? undefined : pulse.reason;
  try {
    execFileSync("espeak-ng", ["--version"], { stdio: "ignore" });
  } catch (error) {
    reason ??= `espeak-ng: ${String(error)}`;
  }
  if (reason === undefined) return true;
  if (process.env.CI === "true") {
    throw new Error(
      `The demo's device tests must run in CI, but PulseAudio or espeak-ng is missing (${reason}); see .ci/setup.d/20-pulseaudio.sh.`,
    );
  }
  return false;
}

/**
 * A null sink of the demo's own (48 kHz mono), so other device tests on this machine neither hear
 * nor disturb it. Idempotent; returns the environment that routes a PulseAudio (and ALSA→pulse,
 * i.e. PortAudio) client's output to it and its input from its monitor.
 */
export function demoSink(name = "echo_demo_test"): { env: Record<string, string>; name: string } {
  const sinks = execFileSync("pactl", ["list", "short", "sinks"], { encoding: "utf8" });
  if (!sinks.split("\n").some((line) => line.split("\t")[1] === name)) {
    execFileSync("pactl", [
      "load-module",
      "module-null-sink",
      `sink_name=${name}`,
      "rate=48000",
      "channels=1",
      `sink_properties=device.description=${name}`,
    ]);
  }
  return { name, env: { PULSE_SINK: name, PULSE_SOURCE: `${name}.monitor` } };
}

/** Speaks `text` into a WAV file with espeak-ng. */
export function speakToWav(text: string, path: string): void {
  execFileSync("espeak-ng", ["-w", path, "--", text]);
}

/** Plays a WAV into `sink` (a second client, not the demo's speaker); resolves when it has played. */
export function playInto(sink: string, wav: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("paplay", ["-d", sink, wav], { stdio: "ignore" });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`paplay exited ${code}`)),
    );
  });
}

/** A recording of a sink's monitor in progress. */
export interface SinkRecording {
  /** What was recorded so far (PCM16 24 kHz mono). */
  soFar(): Int16Array;
  /**
   * Resolves once something was played (at least `loudMs` above `belowDb`, from sample `from` on)
   * and then the last `quietMs` were all below `belowDb`: the sink went quiet after it.
   */
  quiet(options?: {
    from?: number;
    loudMs?: number;
    quietMs?: number;
    belowDb?: number;
    timeoutMs?: number;
  }): Promise<void>;
  /** Stops recording; resolves with the whole recording. */
  stop(): Promise<Int16Array>;
}

function readPcm(path: string): Int16Array {
  const bytes = readFileSync(path);
  return new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 2));
}

/** Records `sink`'s monitor (PCM16 24 kHz mono) from now on. */
export function recordSink(sink: string, path: string): SinkRecording {
  const child = spawn(
    "parecord",
    ["-d", `${sink}.monitor`, "--raw", "--format=s16le", "--rate=24000", "--channels=1", path],
    { stdio: "ignore" },
  );
  const closed = new Promise<void>((resolve) => child.on("close", () => resolve()));
  const soFar = () => {
    try {
      return readPcm(path);
    } catch {
      return new Int16Array(0);
    }
  };
  return {
    soFar,
    async quiet({
      from = 0,
      loudMs = 1000,
      quietMs = 600,
      belowDb = -50,
      timeoutMs = 30_000,
    } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const windows = levels(soFar().subarray(from));
        const loud = windows.filter((db) => db >= belowDb).length * 100;
        const recent = windows.slice(-quietMs / 100);
        if (
          loud >= loudMs &&
          recent.length === quietMs / 100 &&
          recent.every((db) => db < belowDb)
        ) {
          return;
        }
        if (Date.now() > deadline) {
          const profile = windows.map((db) => (db >= belowDb ? "#" : ".")).join("");
          throw new Error(
            `the sink did not go quiet within ${timeoutMs} ms (100 ms windows, # = loud): ${profile}`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      child.kill("SIGINT");
      await closed;
      return readPcm(path);
    },
  };
}

/** RMS level in dBFS of each `windowMs` window of 24 kHz PCM16. */
export function levels(pcm: Int16Array, windowMs = 100): number[] {
  const n = (24_000 * windowMs) / 1000;
  const out: number[] = [];
  for (let at = 0; at + n <= pcm.length; at += n) {
    let sum = 0;
    for (let i = at; i < at + n; i++) sum += (pcm[i] as number) ** 2;
    out.push(10 * Math.log10(sum / n / 32768 ** 2 + 1e-12));
  }
  return out;
}
