import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type MockServer, startMockServer } from "@echo/mock-server";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { demoBehavior } from "../src/mock/demo-behavior.js";
import {
  demoSink,
  levels,
  playInto,
  pulseAvailable,
  recordSink,
  speakToWav,
} from "./support/pulse.js";
import { startCli } from "./support/run-cli.js";

const available = pulseAvailable();
const dir = mkdtempSync(join(tmpdir(), "echo-demo-webrtc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The example as plain JS beside the demo's node_modules (it imports packages only), so a CHILD
 * node can run it: PULSE_SINK/PULSE_SOURCE must be in the environment before the audio host starts.
 */
function compiledExample(): string {
  const source = fileURLToPath(new URL("../examples/node-webrtc-voice.ts", import.meta.url));
  const { outputText } = ts.transpileModule(readFileSync(source, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const out = fileURLToPath(new URL("../node_modules/.cache/echo-webrtc-node/", import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "node-webrtc-voice.mjs"), outputText);
  return join(out, "node-webrtc-voice.mjs");
}

const loudMs = (pcm: Int16Array) => levels(pcm).filter((db) => db > -45).length * 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!available)("a Node WebRTC call on a real PulseAudio device (audio-node)", () => {
  it("a spoken phrase reaches the mock as Opus, the reply plays aloud, and its echo starts no turn", async () => {
    const sink = demoSink("echo_demo_webrtc");
    const phrase = join(dir, "phrase.wav");
    speakToWav("The quick brown fox jumps over the lazy dog.", phrase);
    const mock: MockServer = await startMockServer({ behavior: demoBehavior() });
    const nextCall = mock.nextCall();
    const recording = recordSink(sink.name, join(dir, "sink.raw"));
    const run = startCli([], { ...sink.env, ECHO_REALTIME_BASE_URL: mock.httpUrl }, [
      process.execPath,
      compiledExample(),
    ]);
    try {
      await run.waitFor(/connected rtc_\w+: speak now/, { timeoutMs: 45_000 });
      const call = await nextCall;
      const session = await call.session;
      await sleep(1000); // the microphone is live; a moment of room silence before the phrase
      const spokenAt = recording.soFar().length;
      await playInto(sink.name, phrase);
      const playedAt = recording.soFar().length;

      // Server VAD on the Opus-decoded audio: one user turn, the 2.8 s phrase plus VAD padding.
      const turn = await run.waitFor(/you: (\d+\.\d) s of speech/, { timeoutMs: 20_000 });
      const seconds = Number(/(\d+\.\d) s/.exec(turn)?.[1]);
      expect(seconds).toBeGreaterThan(2.3);
      expect(seconds).toBeLessThan(4.5);
      // Opus on the wire: 20 ms packets, more than 2 s of them (the decoded turn is checked below).
      expect(call.stats.packetsIn).toBeGreaterThan(100);
      const users = () =>
        session.items().filter((item) => item.type === "message" && item.role === "user");
      const content = users()[0]?.content;
      const audio = Array.isArray(content) ? content[0] : undefined;
      const committed =
        audio &&
        typeof audio === "object" &&
        !Array.isArray(audio) &&
        typeof audio.audio === "string"
          ? Buffer.from(audio.audio, "base64").length / 2 / 24_000
          : 0;
      expect(committed).toBeGreaterThan(2.3);

      // The reply ("You said:" and the phrase played back) comes out of the audio-node speaker.
      await run.waitFor(/assistant: done playing/, { timeoutMs: 30_000 });
      await recording.quiet({ from: playedAt, loudMs: 1000, quietMs: 1000 });
      expect(call.stats.packetsOut).toBeGreaterThan(100);
      // The window in which its echo would have started a turn (VAD answers within ~0.5 s).
      await sleep(3000);
      const sinkAudio = await recording.stop();
      expect(loudMs(sinkAudio.subarray(spokenAt, playedAt))).toBeGreaterThan(1500);
      expect(
        loudMs(sinkAudio.subarray(playedAt + 24_000 * 0.3)),
        "ms of loud reply audio on the sink",
      ).toBeGreaterThanOrEqual(1000);

      // Echo cancelled: the reply, which contains the user's own phrase, triggered nothing.
      const starts = run.stdout.match(/you: speaking at/g)?.length ?? 0;
      expect(starts, "speech_started events (1 = the phrase only)").toBe(1);
      expect(users()).toHaveLength(1);

      run.child.kill("SIGINT"); // the example hangs up and prints the device's stats
      expect(await run.exited).toBe(0);
      const stats = JSON.parse(/stats (\{.*\})/.exec(run.stdout)?.[1] ?? "null");
      expect(stats?.mode).toBe("duplex");
      expect(stats?.aec).not.toBeNull();
      // Figures for a report, when asked for (a file, never the console).
      const report = process.env.ECHO_DEVICE_REPORT;
      if (report) {
        const figures = {
          seconds,
          committed,
          starts,
          packetsIn: call.stats.packetsIn,
          packetsOut: call.stats.packetsOut,
          replyLoudMs: loudMs(sinkAudio.subarray(playedAt)),
          stats,
        };
        writeFileSync(report, `${JSON.stringify(figures)}\n`, { flag: "a" });
      }
    } catch (error) {
      if (error instanceof Error) {
        const media = [...mock.calls.values()].map((open) => open.stats);
        const sinkProfile = levels(recording.soFar())
          .map((db) => (db > -45 ? "#" : "."))
          .join("");
        error.message += `\n--- mock calls' RTP: ${JSON.stringify(media)}\n--- sink (100 ms, # = loud): ${sinkProfile}`;
        error.message += `\n--- example stdout:\n${run.stdout}\n--- example stderr:\n${run.stderr}`;
      }
      throw error;
    } finally {
      run.child.kill();
      await recording.stop();
      await mock.close();
    }
  });
});
