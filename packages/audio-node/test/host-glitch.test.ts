import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { naudiodonBackendAt } from "../src/backend/naudiodon.js";
import type { BackendStream } from "../src/index.js";

const fakeAddon = fileURLToPath(new URL("./fixtures/fake-naudiodon.cjs", import.meta.url));

interface Reported {
  mic: number;
  far: number;
  samples: Int16Array;
  tag: number;
  xruns: number;
  inDevice: readonly number[];
}

describe("the naudiodon2 host process through an xrun (fake addon, real host)", () => {
  let stream: BackendStream | undefined;
  afterEach(async () => {
    await stream?.close();
    delete process.env.ECHO_FAKE_XRUNS;
  });

  it("reports every callback with the chunk it really played, and the chunks held after it", async () => {
    process.env.ECHO_FAKE_XRUNS = "6,7";
    const reported: Reported[] = [];
    let failed: unknown;
    stream = naudiodonBackendAt(() => fakeAddon).open(
      { input: undefined, output: undefined, sampleRate: 48000, chunkFrames: 960 },
      {
        chunk: (mic, far, tag, health) =>
          reported.push({
            mic: mic[480] as number,
            far: far[480] as number,
            samples: far,
            tag,
            xruns: health.xruns,
            inDevice: health.inDevice,
          }),
        fail: (error) => {
          failed = error;
        },
      },
    );
    await stream.ready;
    // Chunk `tag` holds the value (tag + 1) * 1000: a loopback of it names the chunk that played.
    for (let tag = 0; tag < 20; tag++)
      stream.write(new Int16Array(960).fill((tag + 1) * 1000), tag);
    // Generous: a host process that starts slowly on a busy machine is not what this tests.
    const deadline = Date.now() + 20_000;
    // Until the last chunk played and two more callbacks reported what they held.
    const done = () =>
      reported.findIndex((r) => r.tag === 19) >= 0 && reported[reported.length - 3]?.tag === 19;
    while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(failed).toBeUndefined();
    expect(reported[reported.length - 1]?.xruns).toBe(2);
    for (const [i, r] of reported.entries()) {
      // What the host says played is what the device played (its input lost in an xrun).
      if (r.mic !== 0) expect(r.far, `callback ${i}`).toBe(r.mic);
      if (r.tag >= 0) expect(r.far).toBe((r.tag + 1) * 1000);
      // The held chunks are the ones the next callbacks play, in order.
      const next = reported.slice(i + 1, i + 1 + r.inDevice.length).map((n) => n.tag);
      if (next.length === r.inDevice.length) expect(r.inDevice, `callback ${i}`).toEqual(next);
    }
    // The queue ran dry after the last chunk (20000): the host's silence ramps down from it
    // over 5 ms (no click), and the first chunk, after silence, faded in.
    const last = reported.findIndex((r) => r.tag === 19);
    const ramp = reported[last + 1]?.samples ?? new Int16Array(0);
    const steps = [20000, ...ramp].slice(0, 300).map((v, i, a) => Math.abs(v - (a[i - 1] ?? v)));
    expect(Math.max(...steps)).toBeLessThanOrEqual(Math.ceil(20000 / 240));
    expect(ramp[240]).toBe(0);
    const firstChunk = reported.find((r) => r.tag === 0)?.samples;
    expect(Math.abs(firstChunk?.[0] ?? 1000)).toBeLessThan(100);
    expect(firstChunk?.[959]).toBe(1000);
    // Every chunk written played once, in order: none lost or replayed around the xruns.
    expect(reported.map((r) => r.tag).filter((t) => t >= 0)).toEqual([...Array(20).keys()]);
  }, 30_000);
});
