import { execFileSync } from "node:child_process";

/**
 * A null sink of this test file's own (48 kHz mono) on the shared PulseAudio daemon, so other
 * device tests running at the same time neither hear nor disturb it. `route()` points this
 * process's audio there (PULSE_SINK/PULSE_SOURCE: the host process inherits them; libpulse,
 * hence PortAudio through ALSA's pulse plugin, honours both); `remove()` unloads the sink and
 * restores the environment.
 */
export function privateSink(name: string): { name: string; route(): void; remove(): void } {
  const saved = { sink: process.env.PULSE_SINK, source: process.env.PULSE_SOURCE };
  let module: string | undefined;
  return {
    name,
    route() {
      module = execFileSync(
        "pactl",
        [
          "load-module",
          "module-null-sink",
          `sink_name=${name}`,
          "rate=48000",
          "channels=1",
          `sink_properties=device.description=${name}`,
        ],
        { encoding: "utf8" },
      ).trim();
      process.env.PULSE_SINK = name;
      process.env.PULSE_SOURCE = `${name}.monitor`;
    },
    remove() {
      for (const [key, value] of [
        ["PULSE_SINK", saved.sink],
        ["PULSE_SOURCE", saved.source],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      if (module !== undefined) execFileSync("pactl", ["unload-module", module]);
      module = undefined;
    },
  };
}
