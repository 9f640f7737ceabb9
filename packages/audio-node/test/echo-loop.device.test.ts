import { type SessionEvent, type StreamEvent, stream } from "@echo/core";
import type { MockServer } from "@echo/mock-server";
import { afterEach, describe, expect, it } from "vitest";
import {
  captureAudio,
  createMicrophone,
  createSpeaker,
  type Microphone,
  type NodeSpeaker,
} from "../src/index.js";
import {
  concat,
  deviceAvailable,
  espeak,
  PARAGRAPH,
  pulseTools,
  speakingMock,
  until,
} from "./device-helpers.js";

const available = (await deviceAvailable()) && pulseTools();

/**
 * The test that matters: the mock server (server VAD) speaks through the speaker, the mic hears
 * it through PulseAudio's null sink (its monitor is the default source), exactly like an open
 * speaker in a room. Without AEC the assistant interrupts itself; with AEC it talks for 60 s
 * without a single self-triggered speech_started.
 */
describe.skipIf(!available)("echo loop through the real device", () => {
  let server: MockServer | undefined;
  let speaker: NodeSpeaker | undefined;
  let mic: Microphone | undefined;
  afterEach(async () => {
    const device = speaker?.device;
    await speaker?.close();
    await mic?.close();
    await server?.close();
    // Each test starts on a freshly opened device, as a new program would: wait out the shared
    // device's linger. (Reopening within the linger right after an interrupted reply can leak
    // echo for the first 0.3-0.8 s; a known issue, see the README.)
    if (device) await until(() => device.stats().state === "closed", 10_000, "the device to close");
  });

  async function talk(aec: boolean, seconds: number) {
    let voice = espeak(PARAGRAPH);
    const parts: Int16Array[] = [];
    for (let total = 0; total < seconds * 24000 + 24000; total += voice.length) parts.push(voice);
    voice = concat(parts);
    const mock = await speakingMock(voice, "sk-echo-loop-test");
    server = mock.server;
    const { session } = mock;
    speaker = createSpeaker();
    mic = createMicrophone({ aec });
    let frames = 0;
    mic.subscribe({ frame: () => frames++, end: () => {} });
    const { events } = stream(session, { speaker });
    const seen: StreamEvent[] = [];
    void (async () => {
      for await (const ev of events) seen.push(ev);
    })();
    // The device delivers its first data 1.5-2 s after opening; start talking once the mic runs.
    await until(
      () => frames > 25,
      15_000,
      "capture data",
      () => mic?.device.stats(),
    );
    // Stream the mic only once the device runs and whatever played before has died away (an
    // earlier test's tail on the same sink must not count as speech in this session).
    await new Promise((r) => setTimeout(r, 300));
    const stopCapture = captureAudio(session, { intervalMs: 20, microphone: mic });
    await session.put({ type: "response.create" });
    const item = () =>
      seen.find((e) => e.type === "response.output_item.added") as
        | { item: { id: string } }
        | undefined;
    await until(() => item() !== undefined, 10_000, "the response");
    const itemId = item()?.item.id as string;
    const heard = () => speaker?.playedMs({ itemId, contentIndex: 0 }) ?? 0;
    const selfTriggered = () =>
      seen.filter((e) => e.type === "input_audio_buffer.speech_started").length;
    await until(
      () => heard() >= seconds * 1000 || selfTriggered() > 0,
      seconds * 1000 + 20_000,
      `${seconds} s of playback`,
    );
    // After a speech_started, stream sends its truncate (or delete) once the speaker's stop
    // reached the device: wait for the answer before closing the session.
    const cut = () =>
      seen.some(
        (e) => e.type === "conversation.item.truncated" || e.type === "conversation.item.deleted",
      );
    if (selfTriggered() > 0) await until(cut, 5_000, "the truncate's answer");
    const result = {
      selfTriggered: selfTriggered(),
      heardMs: heard(),
      stats: speaker.device.stats(),
      sent: [] as SessionEvent[],
    };
    await stopCapture();
    await session.close();
    return { ...result, seen };
  }

  it("without AEC, the assistant's own voice triggers speech_started and it interrupts itself", async () => {
    const { selfTriggered, heardMs, seen } = await talk(false, 20);
    process.stderr.write(
      `echo loop without AEC: speech_started after ${heardMs.toFixed(0)} ms of assistant audio\n`,
    );
    expect(selfTriggered).toBeGreaterThan(0);
    expect(heardMs).toBeLessThan(20_000);
    // The barge-in logic then did its job: the playing item was cut (truncate or delete sent).
    expect(
      seen.some(
        (e) => e.type === "conversation.item.truncated" || e.type === "conversation.item.deleted",
      ),
    ).toBe(true);
  });

  it("with AEC, 60 s of the assistant talking produce zero self-triggered speech_started", async () => {
    const { selfTriggered, heardMs, stats } = await talk(true, 60);
    process.stderr.write(
      `echo loop with AEC: ${selfTriggered} speech_started in ${(heardMs / 1000).toFixed(1)} s; ERLE ${stats.aec && "erleDb" in stats.aec ? stats.aec.erleDb.toFixed(1) : "?"} dB, delay ${stats.aec && "delayMs" in stats.aec ? String(stats.aec.delayMs) : "?"} ms, underruns ${stats.underruns}\n`,
    );
    expect(selfTriggered).toBe(0);
    expect(heardMs).toBeGreaterThanOrEqual(60_000);
  });
});
