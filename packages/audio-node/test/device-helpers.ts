import { execFileSync } from "node:child_process";
import { listDevices } from "../src/index.js";

/**
 * Device tests need a real output and input (in CI: PulseAudio's null sink and its monitor, set
 * up by .ci/setup.d/20-pulseaudio.sh). Under CI=true a missing device fails loudly; elsewhere
 * the test files skip with the reason.
 */
export async function deviceAvailable(): Promise<boolean> {
  let reason: string | undefined;
  try {
    const devices = await listDevices();
    if (!devices.some((d) => d.maxInputChannels > 0) || !devices.some((d) => d.maxOutputChannels > 0)) {
      reason = `PortAudio sees no input/output pair: ${JSON.stringify(devices.map((d) => d.name))}`;
    }
  } catch (error) {
    reason = String(error);
  }
  if (reason === undefined) return true;
  if (process.env.CI === "true") {
    throw new Error(`Device tests must run in CI but no audio device is usable (${reason}). Check .ci/setup.d/20-pulseaudio.sh.`);
  }
  return false;
}

/** Whether the PulseAudio tools the echo/barge-in tests use are there (pactl, parecord, paplay). */
export function pulseTools(): boolean {
  try {
    execFileSync("pactl", ["info"], { stdio: "ignore" });
    return true;
  } catch {
    if (process.env.CI === "true") throw new Error("pactl/PulseAudio is not running; see .ci/setup.d/20-pulseaudio.sh.");
    return false;
  }
}

/** Resolves when `predicate` holds, polling every 10 ms; rejects after `ms`. */
export async function until(predicate: () => boolean, ms: number, what: string): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
