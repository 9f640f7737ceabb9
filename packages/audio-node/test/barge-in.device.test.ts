import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type StreamEvent, stream } from "@echo/core";
import { type MockServer, scripted, startMockServer } from "@echo/mock-server";
import { connect } from "@echo/transport-ws";
import { afterEach, describe, expect, it } from "vitest";
import {
  captureAudio,
  createMicrophone,
  createSpeaker,
  type Microphone,
  type NodeSpeaker,
  Resampler,
} from "../src/index.js";
import { concat, deviceAvailable, espeak, PARAGRAPH, pulseTools, until } from "./device-helpers.js";

const available = (await deviceAvailable()) && pulseTools();

/** Records the default source (the null sink's monitor: exactly what the sink played) as 48 kHz PCM16. */
function record(): { stop(): Promise<Int16Array>; started: Promise<void> } {
  const parts: Buffer[] = [];
  const child: ChildProcess = spawn(
    "pacat",
    [
      "--record",
      "-d",
      "@DEFAULT_SOURCE@",
      "--rate=48000",
      "--channels=1",
      "--format=s16le",
      "--latency-msec=10",
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  let first: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    first = resolve;
  });
  child.stdout?.on("data", (b: Buffer) => {
    parts.push(b);
    first();
  });
  return {
    started,
    async stop() {
      child.kill("SIGINT");
      await new Promise((r) => child.once("exit", r));
      const all = Buffer.concat(parts);
      return new Int16Array(all.buffer, all.byteOffset, Math.floor(all.byteLength / 2)).slice();
    },
  };
}

/** Normalised correlation of `a` (from `ia`) and `b` (from `ib`) over `n` samples. */
function correlation(a: Int16Array, ia: number, b: Int16Array, ib: number, n: number): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[ia + i] ?? 0;
    const y = b[ib + i] ?? 0;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / Math.sqrt(aa * bb + 1);
}

describe.skipIf(!available)("barge-in on the real device", () => {
  let server: MockServer | undefined;
  let speaker: NodeSpeaker | undefined;
  let mic: Microphone | undefined;
  const dir = mkdtempSync(join(tmpdir(), "echo-barge-in-"));
  afterEach(async () => {
    await speaker?.close();
    await mic?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a near-end voice interrupts playback; the truncate matches what the sink played, within 40 ms", async () => {
    const voice = concat([espeak(PARAGRAPH), espeak(PARAGRAPH)]);
    server = await startMockServer({
      behavior: scripted([{ type: "message", text: PARAGRAPH, audio: voice }]),
    });
    const session = await connect({ url: server.url, apiKey: "sk-barge-in-test" });
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
    // The near-end talker: espeak's voice, played into the sink by its own stream (not our speaker).
    const nearWav = join(dir, "near.wav");
    execFileSync("espeak-ng", [
      "-v",
      "en-us",
      "-s",
      "150",
      "-w",
      nearWav,
      "Excuse me, could you stop for a second please?",
    ]);

    speaker = createSpeaker();
    mic = createMicrophone();
    let frames = 0;
    mic.subscribe({ frame: () => frames++, end: () => {} });
    const { events } = stream(session, { speaker });
    const stopCapture = captureAudio(session, { intervalMs: 20, microphone: mic });
    const seen: { at: number; ev: StreamEvent }[] = [];
    void (async () => {
      for await (const ev of events) seen.push({ at: performance.now(), ev });
    })();
    await until(() => frames > 25, 15_000, "capture data");
    const recorder = record();
    await recorder.started;
    await session.put({ type: "response.create" });
    await until(
      () => seen.some((s) => s.ev.type === "response.output_item.added"),
      10_000,
      "the response",
    );
    const added = seen.find((s) => s.ev.type === "response.output_item.added")?.ev as
      | { item: { id: string } }
      | undefined;
    const itemId = added?.item.id ?? "";
    const position = { itemId, contentIndex: 0 };
    // Let the canceller converge on the assistant's voice first (a person would not interrupt at once).
    const selfTriggered = () =>
      seen.filter((s) => s.ev.type === "input_audio_buffer.speech_started").length;
    await until(
      () => (speaker?.playedMs(position) ?? 0) > 4000 || selfTriggered() > 0,
      20_000,
      "4 s of playback",
    );
    expect(
      selfTriggered(),
      `no self-triggered speech_started before the talker (${JSON.stringify(speaker.device.stats())})`,
    ).toBe(0);
    // The clean mic level while the talker speaks says whether the canceller let the voice through.
    const cleanLevels: number[] = [];
    mic.onLevel((l) => cleanLevels.push(Math.round(l.rmsDbfs)));
    const near = spawn("paplay", [nearWav], { stdio: "ignore" });
    near.once("exit", () => {
      if (!seen.some((s) => s.ev.type === "input_audio_buffer.speech_started")) {
        process.stderr.write(
          `barge-in: no speech_started; clean mic dBFS while talking: ${cleanLevels.join(",")}\n`,
        );
      }
    });
    await until(
      () => seen.some((s) => s.ev.type === "input_audio_buffer.speech_started"),
      10_000,
      "speech_started",
    );
    const startedAt = performance.now();
    const truncated = () =>
      seen.find(
        (s) =>
          s.ev.type === "conversation.item.truncated" || s.ev.type === "conversation.item.deleted",
      );
    await until(() => truncated() !== undefined, 5_000, "the truncate's answer");
    const stoppedQueued = speaker.queuedMs;
    await new Promise((r) => setTimeout(r, 800));
    await new Promise((r) => near.once("exit", r));
    const recording = await recorder.stop();
    await stopCapture();
    const sent = server.sessions;
    await session.close();

    expect(stoppedQueued, "the speaker dropped the rest of the item").toBe(0);
    const answer = truncated()?.ev as { type: string; audio_end_ms?: number };
    expect(answer.type).toBe("conversation.item.truncated");
    const errors = seen.filter((s) => s.ev.type === "error");
    expect(errors.map((e) => JSON.stringify(e.ev))).toEqual([]);
    const audioEndMs = answer.audio_end_ms as number;

    // Independently, from the recording: where the assistant's audio starts (best alignment of the
    // first second of the item) and where it stops matching it.
    const assistant = new Resampler({ from: 24000, to: 48000 }).process(voice);
    let start = { at: -1, c: 0 };
    for (let at = 0; at + 48000 < recording.length && at < 48000 * 8; at += 1) {
      // Coarse search on every 4th sample, exact around the best.
      if (at % 4 !== 0) continue;
      const c = correlation(recording, at, assistant, 0, 9600);
      if (c > start.c) start = { at, c };
    }
    for (let at = start.at - 4; at <= start.at + 4; at++) {
      const c = correlation(recording, at, assistant, 0, 9600);
      if (c > start.c) start = { at, c };
    }
    expect(start.c, "the assistant's audio is in the recording").toBeGreaterThan(0.95);
    // Walk 5 ms windows from the interrupt area; the cut is the first window that no longer matches.
    let cut = -1;
    for (let t = 1000 * 48; start.at + t + 240 < recording.length; t += 240) {
      const c = correlation(recording, start.at + t, assistant, t, 240);
      let energy = 0;
      for (let i = 0; i < 240; i++) energy += (assistant[t + i] ?? 0) ** 2;
      // Only windows where the assistant was loud enough to tell.
      if (energy / 240 > 300 ** 2 && c < 0.5) {
        cut = t;
        break;
      }
    }
    expect(cut).toBeGreaterThan(0);
    const heardMs = cut / 48;
    process.stderr.write(
      `barge-in: truncate audio_end_ms=${audioEndMs}, heard per recording=${heardMs.toFixed(1)} ms, difference ${(audioEndMs - heardMs).toFixed(1)} ms; speech_started ${(startedAt - 0).toFixed(0)}; sessions ${sent}\n`,
    );
    expect(Math.abs(audioEndMs - heardMs)).toBeLessThanOrEqual(40);
  });
});
