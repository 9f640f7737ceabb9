import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Whether PulseAudio answers, or why not. */
export type PulseStatus = { ok: true } | { ok: false; reason: string };

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Runs pactl and returns its output, retrying every 250 ms for up to `retryMs` (a daemon busy
 * with a burst of clients can miss one connection); throws pactl's last error.
 */
export function pactl(args: string[], retryMs = 1000): string {
  const start = Date.now();
  for (;;) {
    try {
      return execFileSync("pactl", args, {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 5000,
      }).trim();
    } catch (error) {
      if (Date.now() - start > retryMs) throw error;
      pause(250);
    }
  }
}

/**
 * Asks the PulseAudio daemon for its info, retrying for up to `ms`. When it never answers, the
 * reason says what pactl said, whether a daemon process exists, and the end of its log
 * (.ci/pulse/start.sh writes it), so a CI failure says what happened to the daemon.
 */
export function pulseStatus(ms = 5000): PulseStatus {
  try {
    pactl(["info"], ms);
    return { ok: true };
  } catch (error) {
    const said = (error as { stderr?: string }).stderr?.toString().trim() || String(error);
    return { ok: false, reason: `pactl info: ${said}; ${daemonProcess()}; ${logTail()}` };
  }
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
