import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Whether PulseAudio answers, or why not. */
export type PulseStatus = { ok: true } | { ok: false; reason: string };

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Asks the PulseAudio daemon for its info, retrying for up to `ms` (a daemon busy with a burst of
 * clients can miss one connection). When it never answers, the reason says what pactl said,
 * whether a daemon process exists, and the end of its log (.ci/setup.d/20-pulseaudio.sh writes
 * it), so a CI failure says what happened to the daemon.
 */
export function pulseStatus(ms = 5000): PulseStatus {
  const start = Date.now();
  let said = "";
  for (;;) {
    try {
      execFileSync("pactl", ["info"], { stdio: ["ignore", "ignore", "pipe"], timeout: 3000 });
      return { ok: true };
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
      said = stderr || String(error);
    }
    if (Date.now() - start > ms) break;
    pause(250);
  }
  return { ok: false, reason: `pactl info: ${said}; ${daemonProcess()}; ${logTail()}` };
}

function daemonProcess(): string {
  try {
    return `daemon: ${execFileSync("pgrep", ["-a", "-x", "pulseaudio"], { encoding: "utf8" }).trim()}`;
  } catch {
    return "no pulseaudio process is running";
  }
}

function logTail(): string {
  const log = process.env.ECHO_PULSE_LOG ?? join(tmpdir(), "echo-pulseaudio.log");
  if (!existsSync(log)) return `no daemon log at ${log}`;
  const lines = readFileSync(log, "utf8").trimEnd().split("\n").slice(-12);
  return `end of ${log}:\n${lines.join("\n")}`;
}
