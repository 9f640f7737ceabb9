import { inject } from "vitest";

// Before a test file is loaded (so before any device opens): every PulseAudio client started
// from here on plays into this run's own null sink and records its monitor (see
// device-sink.global.ts). libpulse, hence PortAudio through ALSA's pulse plugin, honours both.
const sink = inject("audioNodeSink");
if (sink !== "") {
  process.env.PULSE_SINK = sink;
  process.env.PULSE_SOURCE = `${sink}.monitor`;
}
