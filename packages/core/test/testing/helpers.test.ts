import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { chan } from "../../src/channel/index.js";
import {
  concatPcm,
  createPushSource,
  pcmRamp,
  pcmSilence,
  pcmTone,
  takeUntil,
} from "../../src/testing/index.js";

/** Every bare package `file` reaches through relative imports (what an installed copy would load). */
function packagesReachedFrom(file: string, seen = new Set<string>()): Set<string> {
  const bare = new Set<string>();
  if (seen.has(file)) return bare;
  seen.add(file);
  const code = readFileSync(file, "utf8");
  for (const { fileName } of ts.preProcessFile(code, true, true).importedFiles) {
    if (fileName.startsWith(".")) {
      const next = resolve(dirname(file), fileName.replace(/\.js$/, ".ts"));
      for (const name of packagesReachedFrom(next, seen)) bare.add(name);
    } else if (!fileName.startsWith("#")) {
      bare.add(fileName);
    }
  }
  return bare;
}

const testingIndex = fileURLToPath(new URL("../../src/testing/index.ts", import.meta.url));
const conformance = fileURLToPath(new URL("../../src/testing/conformance.ts", import.meta.url));

describe("@echo/core/testing", () => {
  it("imports no package at all (no vitest): fakes work in any project", () => {
    expect([...packagesReachedFrom(testingIndex)]).toEqual([]);
    // The check sees vitest where it is, so it could fail above.
    expect(packagesReachedFrom(conformance).has("vitest")).toBe(true);
  });

  it("takeUntil returns the events up to the one asked for, and fails when the source ends", async () => {
    const events = chan<{ type: string }>(8);
    for (const type of ["a", "b", "c", "d"]) await events.put({ type });
    expect((await takeUntil(events, "c", "x")).map((e) => e.type)).toEqual(["a", "b", "c"]);
    events.close();
    await expect(takeUntil(events, "z")).rejects.toThrow("ended before z; saw d.");
  });

  it("makes PCM signals of the right length and content", () => {
    expect(pcmTone(10)).toHaveLength(240);
    expect(Math.max(...pcmTone(10))).toBeGreaterThan(7900);
    expect(pcmSilence(5).every((s) => s === 0)).toBe(true);
    expect(Array.from(pcmRamp(3, 7))).toEqual([7, 8, 9]);
    expect(Array.from(concatPcm(pcmRamp(2), pcmRamp(1, 5)))).toEqual([0, 1, 5]);
  });

  it("a push source delivers frames through one reused buffer and ends", () => {
    const mic = createPushSource(1);
    const frames: Int16Array[] = [];
    const buffers = new Set<ArrayBufferLike>();
    let ended: unknown = "no";
    mic.push(pcmRamp(10)); // nobody listens: dropped
    mic.source.subscribe({
      frame: (s) => {
        frames.push(s.slice());
        buffers.add(s.buffer);
      },
      end: (e) => {
        ended = e;
      },
    });
    mic.push(pcmRamp(30));
    expect(frames.map((f) => f.length)).toEqual([24, 6]);
    expect(buffers.size).toBe(1);
    const boom = new Error("unplugged");
    mic.end(boom);
    expect(ended).toBe(boom);
    expect(mic.subscribed).toBe(false);
  });
});
