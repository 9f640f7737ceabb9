import { execFileSync } from "node:child_process";
import type { Session, SessionEvent } from "@echo/core";
import { type MockServer, scripted, startMockServer } from "@echo/mock-server";
import { connect } from "@echo/transport-ws";
import { pulseStatus } from "../../../vitest.pulse.js";
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
    if (
      !devices.some((d) => d.maxInputChannels > 0) ||
      !devices.some((d) => d.maxOutputChannels > 0)
    ) {
      reason = `PortAudio sees no input/output pair: ${JSON.stringify(devices.map((d) => d.name))}`;
    }
  } catch (error) {
    reason = String(error);
  }
  if (reason === undefined) return true;
  if (process.env.CI === "true") {
    throw new Error(
      `Device tests must run in CI but no audio device is usable (${reason}). Check .ci/setup.d/20-pulseaudio.sh.`,
    );
  }
  return false;
}

/** Whether the PulseAudio tools the echo/barge-in tests use are there (pactl, parecord, paplay). */
export function pulseTools(): boolean {
  const pulse = pulseStatus();
  if (pulse.ok) return true;
  if (process.env.CI === "true")
    throw new Error(
      `PulseAudio does not answer (${pulse.reason}); see .ci/setup.d/20-pulseaudio.sh.`,
    );
  return false;
}

/**
 * The PulseAudio sink the device tests play into and record from: the run's own null sink
 * (test/device-sink.global.ts sets PULSE_SINK), else the server's default. Give it to paplay
 * (`-d`) and record `${sink}.monitor`, so a second player and a recording hear what our
 * speaker plays, and nothing of other tests on the machine.
 */
export function testSink(): string {
  return process.env.PULSE_SINK ?? "@DEFAULT_SINK@";
}

/** The source the device tests' microphones hear: the test sink's monitor. */
export function testSource(): string {
  return process.env.PULSE_SOURCE ?? "@DEFAULT_SOURCE@";
}

/**
 * How many playback and record streams are connected to `sink` and its monitor right now
 * (`pactl list short sink-inputs` / `source-outputs`): says whether a device test really runs on
 * its own sink.
 */
export function streamsOn(sink: string): { playing: number; recording: number } {
  const index = (kind: string, name: string) =>
    execFileSync("pactl", ["list", "short", kind], { encoding: "utf8" })
      .split("\n")
      .find((line) => line.split("\t")[1] === name)
      ?.split("\t")[0];
  const count = (kind: string, owner: string | undefined) =>
    owner === undefined
      ? 0
      : execFileSync("pactl", ["list", "short", kind], { encoding: "utf8" })
          .split("\n")
          .filter((line) => line.split("\t")[1] === owner).length;
  return {
    playing: count("sink-inputs", index("sinks", sink)),
    recording: count("source-outputs", index("sources", `${sink}.monitor`)),
  };
}

/** Resolves when `predicate` holds, polling every 10 ms; rejects after `ms` (with `detail()` in the message). */
export async function until(
  predicate: () => boolean,
  ms: number,
  what: string,
  detail?: () => unknown,
): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms)
      throw new Error(
        `timed out after ${ms} ms waiting for ${what}${detail === undefined ? "" : `: ${JSON.stringify(detail())}`}`,
      );
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Speech rendered by espeak-ng, as PCM16 24 kHz mono (sox resamples espeak's 22.05 kHz). */
export function espeak(text: string, options: { voice?: string; speed?: number } = {}): Int16Array {
  const wav = execFileSync(
    "espeak-ng",
    ["-v", options.voice ?? "en", "-s", String(options.speed ?? 165), "--stdout", text],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const raw = execFileSync(
    "sox",
    [
      "-t",
      "wav",
      "-",
      "-r",
      "24000",
      "-c",
      "1",
      "-b",
      "16",
      "-e",
      "signed-integer",
      "-t",
      "raw",
      "-",
    ],
    {
      input: wav,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2).slice();
}

/** Concatenates PCM16 arrays. */
export function concat(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const PARAGRAPH =
  "The quick brown fox jumps over the lazy dog while the assistant keeps talking about the weather, " +
  "the train timetable and the recipe for a simple tomato soup. First you chop the onions and the garlic, " +
  "then you warm some olive oil in a large pot and let them soften for five minutes. ";

/**
 * A mock server whose reply is `voice` (PCM16 24 kHz) and a session to it with server VAD that
 * interrupts the reply but creates no response of its own: the setup of the echo-loop and
 * barge-in tests.
 */
export async function speakingMock(
  voice: Int16Array,
  apiKey: string,
): Promise<{ server: MockServer; session: Session<SessionEvent> }> {
  const server = await startMockServer({
    behavior: scripted([{ type: "message", text: PARAGRAPH, audio: voice }]),
  });
  const session = await connect({ url: server.url, apiKey });
  await session.put({
    type: "session.update",
    session: {
      type: "realtime",
      audio: {
        input: {
          turn_detection: {
            type: "server_vad",
            threshold: 0.5,
            silence_duration_ms: 500,
            create_response: false,
            interrupt_response: true,
          },
        },
      },
    },
  });
  return { server, session };
}
