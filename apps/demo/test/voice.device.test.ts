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
        // Let the greeting finish playing before the user speaks.
        await new Promise((r) => setTimeout(r, 7000));
        const stop = recordSink(sink.name, join(dir, "sink.raw"));
        const spoken = Date.now();
        await playInto(sink.name, phrase);
        const playedMs = Date.now() - spoken;

        // The user's turn: the 2.8 s phrase, with the VAD's padding.
        const user = await run.waitFor(/you> \((\d+\.\d) s of speech\)/, { timeoutMs: 20_000 });
        const seconds = Number(/\((\d+\.\d)/.exec(user)?.[1]);
        expect(seconds).toBeGreaterThan(2.3);
        expect(seconds).toBeLessThan(4.5);
        // The reply, with the latency from the end of speech to its first audio.
        const reply = await run.waitFor(/echo> You said: \(\d+\.\d s of speech\) \((\d+) ms\)/, {
          timeoutMs: 20_000,
        });
        const latencyMs = Number(/\((\d+) ms\)$/.exec(reply)?.[1]);
        expect(latencyMs).toBeGreaterThan(0);
        expect(latencyMs).toBeLessThan(5000);
        // "You said:" and the replayed phrase take about 4 s to play.
        await new Promise((r) => setTimeout(r, 5000));
        const recording = await stop();

        // The assistant's audio came out of the speaker: loud audio on the sink after the phrase.
        const windows = levels(recording);
        const after = windows.slice(Math.ceil(playedMs / 100) + 5);
        const loud = after.filter((db) => db > -45).length;
        expect(loud * 100, `ms of loud audio after the phrase: ${loud * 100}`).toBeGreaterThan(
          1500,
        );
        // The echo canceller keeps the assistant's own voice from starting a turn of its own.
        expect(run.stdout.match(/^you> /gm)).toHaveLength(1);
        expect(run.stdout).not.toContain("[interrupted]");

        run.child.stdin.write("/quit\n");
        expect(await run.exited).toBe(0);
      } finally {
        run.child.kill();
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
