import { rm } from "node:fs/promises";
import { dirname } from "node:path";
import type { JsonObject } from "@echo/mock-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeChromium } from "../../../../vitest.chromium.js";
import {
  audioStats,
  buildPage,
  connectCall,
  type DemoRig,
  eventTypes,
  startRig,
  writeFakeMicWav,
} from "./harness.js";

// Audio both ways: Chromium's fake microphone plays a speech-like WAV (1.2 s of "speech", then
// silence, looped) into the page's call; the mock's server VAD must hear it, and the parrot's
// spoken reply must arrive on the page as RTP.

let page: { dir: string; remove(): Promise<void> };
let wav: string;
let rig: DemoRig;

/** RMS (0..1) of base64 PCM16. */
function rms(base64: string): number {
  const bytes = Buffer.from(base64, "base64");
  const pcm = new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 2));
  let sum = 0;
  for (const s of pcm) sum += (s / 32768) ** 2;
  return pcm.length === 0 ? 0 : Math.sqrt(sum / pcm.length);
}

describeChromium("demo page audio in headless Chromium, against the mock", () => {
  beforeAll(async () => {
    page = await buildPage();
    wav = await writeFakeMicWav(1200, 2800);
    rig = await startRig(page.dir, {
      chromium: { args: [`--use-file-for-fake-audio-capture=${wav}`] },
    });
  }, 60_000);

  afterAll(async () => {
    await rig?.close();
    await page?.remove();
    if (wav) await rm(dirname(wav), { recursive: true, force: true });
  });

  it("the fake microphone reaches the mock's input buffer and the reply's audio reaches the page", {
    timeout: 40_000,
  }, async () => {
    const tab = await rig.open();
    const { page: p } = tab;
    const { call, session } = await connectCall(p, rig.mock);
    // Nothing to hear yet: the mock sends RTP only while a reply plays.
    const before = await audioStats(p);
    // The meter shows the microphone.
    await p.waitForFunction(
      () => (document.getElementById("level") as HTMLMeterElement).value > 0.2,
    );
    // Server VAD heard the speech and committed it as a user item with that audio.
    await p.waitForFunction(
      () =>
        [...document.querySelectorAll("#events li")].some(
          (li) => li.textContent === "input_audio_buffer.committed",
        ),
      undefined,
      { timeout: 15_000 },
    );
    const user = session
      .items()
      .find((item) => item.role === "user" && Array.isArray(item.content)) as JsonObject;
    const part = (user.content as JsonObject[]).find((c) => c.type === "input_audio");
    expect(typeof part?.audio).toBe("string");
    const heard = rms(String(part?.audio));
    expect(heard).toBeGreaterThan(0.01);
    // The parrot says it back: the server's output buffer starts, and RTP arrives on the page.
    await p.waitForSelector("#speaking:not([hidden])", { timeout: 15_000 });
    await p.waitForFunction(
      () =>
        [...document.querySelectorAll("#events li")].some(
          (li) => li.textContent === "output_audio_buffer.stopped",
        ),
      undefined,
      { timeout: 15_000 },
    );
    const after = await audioStats(p);
    expect(after.sent).toBeGreaterThan(0);
    // Both directions, counted by the mock too: Opus packets in (decoded) and out.
    expect(call.stats.packetsIn).toBeGreaterThan(50);
    expect(call.stats.packetsOut).toBeGreaterThan(10);
    expect(after.received - before.received).toBeGreaterThan(2_000);
    // Decoded sound, not just packets of silence.
    expect(after.energy - before.energy).toBeGreaterThan(0.001);
    expect(await eventTypes(p)).toContain("input_audio_buffer.speech_started");
    expect(await p.$$eval('#transcript li[data-role="user"]', (lis) => lis.length)).toBeGreaterThan(
      0,
    );
    expect(tab.problems).toEqual([]);
    await p.click("#hangup");
    await p.waitForSelector('#status[data-state="ended"]');
  });

  it("mute: the server hears silence until unmuted, and the call stays up", {
    timeout: 40_000,
  }, async () => {
    const tab = await rig.open();
    const { page: p } = tab;
    await connectCall(p, rig.mock);
    const speechStarts = async () =>
      (await eventTypes(p)).filter((t) => t === "input_audio_buffer.speech_started").length;
    await p.click("#mute");
    expect(await p.getAttribute("#mute", "aria-pressed")).toBe("true");
    expect(await p.textContent("#mute")).toBe("Unmute");
    // Speech already on its way when we muted may still be detected; after that, a whole loop
    // of the WAV (4 s) muted, and VAD hears nothing.
    await new Promise((r) => setTimeout(r, 1_000));
    const muted = await speechStarts();
    await new Promise((r) => setTimeout(r, 4_500));
    expect(await speechStarts()).toBe(muted);
    await p.click("#mute");
    expect(await p.getAttribute("#mute", "aria-pressed")).toBe("false");
    await p.waitForFunction(
      (n) =>
        [...document.querySelectorAll("#events li")].filter(
          (li) => li.textContent === "input_audio_buffer.speech_started",
        ).length > n,
      muted,
      { timeout: 10_000 },
    );
    expect(await p.getAttribute("#status", "data-state")).toBe("live");
    expect(tab.problems).toEqual([]);
    await p.click("#hangup");
    await p.waitForSelector('#status[data-state="ended"]');
  });
});
