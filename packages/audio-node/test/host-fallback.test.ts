import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { naudiodonBackendAt } from "../src/backend/naudiodon.js";
import { PortAudioError } from "../src/errors.js";
import type { BackendHealth, BackendOpenOptions } from "../src/index.js";

// The real host process, with a stand-in addon whose two devices cannot be one duplex stream.
const addon = fileURLToPath(new URL("./fixtures/pair-without-duplex.cjs", import.meta.url));
const backend = naudiodonBackendAt(() => addon);
const options = (mode: BackendOpenOptions["mode"]): BackendOpenOptions => ({
  input: undefined,
  output: undefined,
  mode,
  sampleRate: 48000,
  chunkFrames: 960,
});

describe("naudiodon host: a pair that cannot be duplex", () => {
  it('falls back to two streams under mode "auto" and says why; what was written is reported played, in order', async () => {
    const tags: number[] = [];
    const healths: BackendHealth[] = [];
    const stream = backend.open(options("auto"), {
      chunk: (_mic, _far, tag, health) => {
        if (tag >= 0) tags.push(tag);
        healths.push(health);
      },
      played: (_far, tag) => void (tag >= 0 && tags.push(tag)),
      fail: (error) => {
        throw error;
      },
    });
    const info = await stream.ready;
    expect(info.mode).toBe("two-streams");
    expect(info.modeReason).toMatch(
      /^the pair cannot be one duplex stream \(Could not open stream: Invalid device/,
    );
    for (let tag = 0; tag < 5; tag++) stream.write(new Int16Array(960).fill(1000), tag);
    const start = Date.now();
    while (tags.length < 5 && Date.now() - start < 5000)
      await new Promise((r) => setTimeout(r, 20));
    expect(tags).toEqual([0, 1, 2, 3, 4]);
    expect(healths.every((h) => (h.realigns ?? 0) <= 1)).toBe(true);
    await stream.close();
  });

  it('fails with the PortAudio error under mode "duplex"', async () => {
    const stream = backend.open(options("duplex"), { chunk() {}, fail() {} });
    const error = await stream.ready.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PortAudioError);
    expect(String((error as Error).message)).toMatch(/Invalid device/);
    await stream.close();
  });
});
