import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type MockCallHandle,
  type MockServer,
  type MockServerOptions,
  type MockSessionHandle,
  pcm16Silence,
  pcm16SpeechLike,
  startMockServer,
} from "@echo/mock-server";
import type { Page } from "playwright-core";
import { build } from "vite";
import {
  type ChromiumSession,
  type LaunchOptions,
  launchChromium,
  type RecordedPage,
} from "../../../../vitest.chromium.js";
import { startWebDemo, type WebDemoServer } from "../../web/server/server.js";

/** Builds the real page with the demo's own Vite config into a temporary folder. */
export async function buildPage(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "echo-web-page-"));
  await build({
    configFile: fileURLToPath(new URL("../../web/vite.config.ts", import.meta.url)),
    logLevel: "silent",
    build: { outDir: dir, emptyOutDir: true, sourcemap: false },
  });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A WAV file for Chromium's fake microphone (`--use-file-for-fake-audio-capture`, which loops
 * it): `speechMs` of speech-like sound, then `silenceMs` of silence, 48 kHz mono PCM16.
 */
export async function writeFakeMicWav(speechMs: number, silenceMs: number): Promise<string> {
  // The synth makes 24 kHz; every sample twice is 48 kHz (its energy is all below 12 kHz).
  const at24 = [...pcm16SpeechLike(speechMs), ...pcm16Silence(silenceMs)];
  const samples = new Int16Array(at24.length * 2);
  at24.forEach((s, i) => {
    samples[2 * i] = s;
    samples[2 * i + 1] = s;
  });
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + samples.byteLength, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(48_000, 24);
  header.writeUInt32LE(96_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(samples.byteLength, 40);
  const path = join(await mkdtemp(join(tmpdir(), "echo-fake-mic-")), "mic.wav");
  await writeFile(path, Buffer.concat([header, Buffer.from(samples.buffer)]));
  return path;
}

// Records every RTCPeerConnection the page makes (tests read its getStats()) and every track
// getUserMedia hands out (tests check that they are stopped).
const RECORD_PEERS = `(() => {
  const Native = window.RTCPeerConnection;
  window.__peers = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); window.__peers.push(this); }
  };
  window.__tracks = [];
  const media = navigator.mediaDevices;
  const getUserMedia = media.getUserMedia.bind(media);
  media.getUserMedia = async (constraints) => {
    const stream = await getUserMedia(constraints);
    window.__tracks.push(...stream.getTracks());
    return stream;
  };
})();`;

/** The demo (page + server + mock) and a Chromium to open it in. */
export interface DemoRig {
  readonly mock: MockServer;
  readonly demo: WebDemoServer;
  readonly chromium: ChromiumSession;
  /** Opens the page (not yet connected). */
  open(): Promise<RecordedPage>;
  close(): Promise<void>;
}

/** Starts the mock (with `mock` options), the demo server on the built page, and Chromium. */
export async function startRig(
  pageDir: string,
  options: { mock?: MockServerOptions; chromium?: LaunchOptions } = {},
): Promise<DemoRig> {
  const mock = await startMockServer(options.mock);
  const demo = await startWebDemo({ backend: { kind: "mock", mock }, pageDir });
  const chromium = await launchChromium({ initScript: RECORD_PEERS, ...options.chromium });
  return {
    mock,
    demo,
    chromium,
    open: () => chromium.open(demo.url),
    async close() {
      await chromium.close();
      await demo.close();
      await mock.close();
    },
  };
}

/** The mock's side of one call: the call (media, hang-up) and its session (events received). */
export interface MockSide {
  readonly call: MockCallHandle;
  readonly session: MockSessionHandle;
}

/**
 * Presses Connect, waits until the call is live (or throws what the page shows), and returns
 * the mock's side of that call, found by the call id the page shows.
 */
export async function connectCall(page: Page, mock: MockServer): Promise<MockSide> {
  await page.click("#connect");
  await page.waitForSelector('#status:is([data-state="live"], [data-state="failed"])');
  const state = await page.getAttribute("#status", "data-state");
  if (state !== "live") {
    throw new Error(`the call did not start: ${await page.textContent("#error")}`);
  }
  const id = (await page.textContent("#call-id")) ?? "";
  const call = mock.calls.get(id);
  if (call === undefined) throw new Error(`the mock has no call "${id}"`);
  return { call, session: await call.session };
}

/** Types of the frames the page sent on the call's data channel, from the first, up to one of `type`. */
export async function framesUntil(call: MockCallHandle, type: string): Promise<string[]> {
  const types: string[] = [];
  for (;;) {
    const frame = JSON.parse(await call.nextFrame()) as { type: string };
    types.push(frame.type);
    if (frame.type === type) return types;
  }
}

/** What the page's peer connections carried as audio. */
export interface AudioStats {
  /** RTP payload bytes received (the model's voice). */
  received: number;
  /** RTP payload bytes sent (the microphone). */
  sent: number;
  /** `totalAudioEnergy` of what was received and decoded: grows only with sound, not silence. */
  energy: number;
}

/** Audio stats of the page's peer connections (from `getStats()`). */
export function audioStats(page: Page): Promise<AudioStats> {
  return page.evaluate(async () => {
    const out = { received: 0, sent: 0, energy: 0 };
    type Report = {
      type: string;
      kind?: string;
      bytesReceived?: number;
      bytesSent?: number;
      totalAudioEnergy?: number;
    };
    for (const pc of (window as unknown as { __peers: RTCPeerConnection[] }).__peers) {
      (await pc.getStats()).forEach((r: Report) => {
        if (r.kind !== "audio") return;
        if (r.type === "inbound-rtp") {
          out.received += r.bytesReceived ?? 0;
          out.energy += r.totalAudioEnergy ?? 0;
        }
        if (r.type === "outbound-rtp") out.sent += r.bytesSent ?? 0;
      });
    }
    return out;
  });
}

/** `readyState` of every track getUserMedia gave the page (`"ended"` once stopped). */
export function trackStates(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.map((t) => t.readyState),
  );
}

/** The event types the page has listed so far. */
export function eventTypes(page: Page): Promise<string[]> {
  return page.$$eval("#events li", (lis) => lis.map((li) => li.textContent ?? ""));
}
