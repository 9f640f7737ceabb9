import type { TestProject } from "vitest/node";
import { pactl, pulseStatus } from "../../../vitest.pulse.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The device tests' own PulseAudio null sink ("" when PulseAudio is not there). */
    audioNodeSink: string;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Global setup of the device project: a 48 kHz mono null sink of this run's own, so two device
 * test runs on the machine (another worktree, the demo's tests) neither hear nor disturb each
 * other. test/device-sink.setup.ts routes every PulseAudio client the tests start (the
 * naudiodon2 host through ALSA's pulse plugin, paplay, pacat) to it; it is unloaded afterwards.
 * Without PulseAudio nothing is loaded: the tests then use the default device (or skip).
 */
export default function setup(project: TestProject): (() => void) | undefined {
  if (!pulseStatus().ok) {
    project.provide("audioNodeSink", "");
    return undefined;
  }
  // A run that was killed left its sink behind: unload those whose process is gone.
  for (const line of pactl(["list", "short", "modules"]).split("\n")) {
    const [index, , args] = line.split("\t");
    const pid = /sink_name=echo_audio_node_(\d+)/.exec(args ?? "")?.[1];
    if (index === undefined || pid === undefined || alive(Number(pid))) continue;
    try {
      pactl(["unload-module", index]);
    } catch {
      // Gone meanwhile.
    }
  }
  const name = `echo_audio_node_${process.pid}`;
  const module = pactl([
    "load-module",
    "module-null-sink",
    `sink_name=${name}`,
    "rate=48000",
    "channels=1",
    `sink_properties=device.description=${name}`,
  ]);
  project.provide("audioNodeSink", name);
  return () => {
    try {
      pactl(["unload-module", module]);
    } catch {
      // The daemon went away: its modules went with it.
    }
  };
}
