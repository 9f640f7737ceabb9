import { mkdtempSync, rmSync } from "node:fs";
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
        await recording.quiet({ from: playedAt, loudMs: 2000, quietMs: 1000 });
        const sinkAudio = await recording.stop();

        // The phrase was on the sink, and after it the assistant's audio came out of the speaker.
        const loudMs = (pcm: Int16Array) => levels(pcm).filter((db) => db > -45).length * 100;
        expect(loudMs(sinkAudio.subarray(spokenAt, playedAt))).toBeGreaterThan(1500);
        const reply = sinkAudio.subarray(playedAt + 24_000 * 0.3);
        expect(loudMs(reply), "ms of loud audio on the sink after the phrase").toBeGreaterThan(
          2500,
        );
        // The user's turn is the first thing heard after the greeting.
        expect(run.stdout.split("\n").slice(0, 3)).toEqual([
          `echo> ${GREETING}`,
          user,
          expect.stringMatching(/^echo> You said: /),
        ]);

        run.child.stdin.write("/quit\n");
        expect(await run.exited).toBe(0);
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
        let mark = run.stdout.length;
        await run.waitFor(/speaking: nobody/, { after: mark });
        run.child.stdin.write("m");
        await run.waitFor(/MUTED/);
        await run.waitFor(/microphone muted \(m unmutes\)/);
        run.child.stdin.write("/help");
        await run.waitFor(/> \/help/);
        run.child.stdin.write("\r");
        await run.waitFor(/push-to-talk mode on \/ off/);
        // A second Ctrl-C, with nothing playing, leaves.
        mark = run.stdout.length;
        run.child.stdin.write("\x03");
        expect(await run.exited).toBe(0);
        expect(run.stdout.slice(mark)).toContain(`echo> ${GREETING} [interrupted]`);
      } finally {
        run.child.kill();
      }
    });
  },
);
