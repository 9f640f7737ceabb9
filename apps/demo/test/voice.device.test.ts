import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GREETING } from "../src/mock/demo-behavior.js";
import {
  demoSink,
  levels,
  playInto,
  pulseAvailable,
  recordSink,
  speakToWav,
} from "./support/pulse.js";
import { cli, startCli } from "./support/run-cli.js";

const available = pulseAvailable();

/** Pids of processes whose environment routes them to `sink` (the demo and its audio host). */
function audioProcessesOn(sink: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (env.includes(`PULSE_SINK=${sink}`)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}
const dir = mkdtempSync(join(tmpdir(), "echo-demo-device-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!available)(
  "pnpm demo on a real PulseAudio device (the demo's own null sink)",
  () => {
    it("hears a spoken phrase played into the room, shows the turn, and answers aloud", async () => {
      const sink = demoSink();
      const phrase = join(dir, "phrase.wav");
      speakToWav("The quick brown fox jumps over the lazy dog.", phrase);
      const recording = recordSink(sink.name, join(dir, "sink.raw"));
      const run = startCli([], sink.env);
      try {
        // Voice, not the text fallback: one duplex stream on the sink.
        await run.waitFor(/voice chat on .*\(duplex, 48 kHz\)/, {
          from: "stderr",
          timeoutMs: 30_000,
        });
        await run.waitFor(new RegExp(`echo> ${GREETING.replace(/[.!?]/g, "\\$&")}`), {
          timeoutMs: 20_000,
        });
        // The greeting is heard first; the user speaks once it has finished.
        await recording.quiet();
        const spokenAt = recording.soFar().length;
        await playInto(sink.name, phrase);
        const playedAt = recording.soFar().length;

        // The user's turn: the 2.8 s phrase, with the VAD's padding.
        const user = await run.waitFor(/you> \((\d+\.\d) s of speech\)/, { timeoutMs: 20_000 });
        const seconds = Number(/\((\d+\.\d)/.exec(user)?.[1]);
        expect(seconds).toBeGreaterThan(2.3);
        expect(seconds).toBeLessThan(4.5);
        // The reply, with the latency from the end of speech to its first audio.
        const answer = await run.waitFor(/echo> You said: \(\d+\.\d s of speech\) \((\d+) ms\)/, {
          timeoutMs: 20_000,
        });
        const latencyMs = Number(/\((\d+) ms\)$/.exec(answer)?.[1]);
        expect(latencyMs).toBeGreaterThan(0);
        expect(latencyMs).toBeLessThan(5000);
        // "You said:" and the replayed phrase take about 4 s to play.
        await recording.quiet({ from: playedAt, loudMs: 1000, quietMs: 1000 });
        const sinkAudio = await recording.stop();

        // The phrase was on the sink, and after it the assistant's audio came out of the speaker.
        const loudMs = (pcm: Int16Array) => levels(pcm).filter((db) => db > -45).length * 100;
        expect(loudMs(sinkAudio.subarray(spokenAt, playedAt))).toBeGreaterThan(1500);
        const reply = sinkAudio.subarray(playedAt + 24_000 * 0.3);
        expect(
          loudMs(reply),
          "ms of loud audio on the sink after the phrase",
        ).toBeGreaterThanOrEqual(1000);
        // Not asserted here: that the reply's own echo never starts a turn. @echo/audio-node's
        // echo-loop test owns that claim; on a loaded machine a canceller reset after a device
        // timing glitch can let a little through (see the README's "Known issues").
        // The user's turn is the first thing heard after the greeting.
        expect(run.stdout.split("\n").slice(0, 3)).toEqual([
          `echo> ${GREETING}`,
          user,
          expect.stringMatching(/^echo> You said: /),
        ]);

        run.child.stdin.write("/quit\n");
        expect(await run.exited).toBe(0);
      } catch (error) {
        // What the demo printed is what explains a failure on a real device.
        if (error instanceof Error) {
          error.message += `\n--- demo stdout:\n${run.stdout}\n--- demo stderr:\n${run.stderr}`;
        }
        throw error;
      } finally {
        run.child.kill();
        await recording.stop();
      }
    });

    it("in a pseudo-terminal: draws meters and who speaks, m mutes, Ctrl-C leaves and prints the transcript", async () => {
      const sink = demoSink();
      const run = startCli([], sink.env, [
        "script",
        "-qfec",
        `${process.execPath} ${cli}`,
        "/dev/null",
      ]);
      try {
        await run.waitFor(
          /echo voice demo · local mock server · voice alloy · echo cancelling on/,
          {
            timeoutMs: 30_000,
          },
        );
        await run.waitFor(/mic {2}[█▏▎▍▌▋▊▉·]{20} +(-∞|-\d+) dB {2}open/);
        await run.waitFor(/speaking: assistant/, { timeoutMs: 20_000 });
        // Ctrl-C while the greeting plays interrupts it; the chat goes on.
        run.child.stdin.write("\x03");
        await run.waitFor(/interrupted \(Ctrl-C again leaves\)/);
        const mark = run.stdout.length;
        await run.waitFor(/speaking: nobody/, { after: mark });
        run.child.stdin.write("m");
        await run.waitFor(/MUTED/);
        await run.waitFor(/microphone muted \(m unmutes\)/);
        run.child.stdin.write("/help");
        await run.waitFor(/> \/help/);
        run.child.stdin.write("\r");
        await run.waitFor(/push-to-talk mode on \/ off/);
        // A second Ctrl-C, with nothing playing, leaves.
        run.child.stdin.write("\x03");
        expect(await run.exited).toBe(0);
        // Leaving the alternate screen, the transcript is printed where it stays.
        const afterScreen = run.stdout.split("\x1b[?1049l")[1] ?? "";
        const lines = afterScreen.split(/\r?\n/);
        expect(lines[0]?.startsWith(`echo> ${GREETING}`), afterScreen).toBe(true);
        expect(
          lines.some((line) => line.startsWith("echo> ") && line.endsWith("[interrupted]")),
        ).toBe(true);
      } finally {
        run.child.kill();
      }
    });

    it("leaves on SIGTERM like /quit and leaves no audio process behind", async () => {
      const sink = demoSink();
      const before = new Set(audioProcessesOn(sink.name));
      const run = startCli([], sink.env);
      try {
        // The greeting is shown once the chat (and its signal handlers) runs.
        await run.waitFor(/echo> Hello!/, { timeoutMs: 30_000 });
        run.child.kill("SIGTERM");
        expect(await run.exited).toBe(0);
        // Give a host process left behind the time it would need to show up as an orphan.
        await new Promise((r) => setTimeout(r, 1500));
        expect(audioProcessesOn(sink.name).filter((pid) => !before.has(pid))).toEqual([]);
      } finally {
        run.child.kill();
      }
    });
  },
);
