import { describe, expect, it } from "vitest";
import {
  type AudioBackend,
  AudioNodeUsageError,
  type BackendHandlers,
  type BackendOpenOptions,
  type BackendStream,
  createMicrophone,
  createSpeaker,
} from "../src/index.js";

/**
 * A backend that opens "two streams": the test reports what the output consumed (`chunk` with
 * a mic chunk, `played` without one) and the realignment count, as naudiodon2's host does.
 */
class TwoStreamBackend implements AudioBackend {
  readonly opened: { options: BackendOpenOptions; handlers: BackendHandlers; written: number[] }[] =
    [];

  async listDevices() {
    return [];
  }

  open(options: BackendOpenOptions, handlers: BackendHandlers): BackendStream {
    const written: number[] = [];
    this.opened.push({ options, handlers, written });
    return {
      ready: Promise.resolve({
        mode: "two-streams",
        modeReason: 'forced by the mode option ("two-streams")',
        input: { id: 0, name: "mic" },
        output: { id: 1, name: "speaker" },
        outputLatencyMs: 0,
        inputLatencyMs: 0,
      }),
      write: (_samples, tag) => void written.push(tag),
      flush: async () => [],
      setVolume() {},
      get queuedChunks() {
        return written.length;
      },
      close: async () => {},
      setRef() {},
    };
  }

  /** The last stream opened. */
  get last() {
    const s = this.opened[this.opened.length - 1];
    if (s === undefined) throw new Error("no stream opened");
    return s;
  }
}

const silence = () => new Int16Array(960);
const item = { itemId: "a", contentIndex: 0 };

describe("two streams (input and output opened apart)", () => {
  it("passes the mode to the backend; handles with different modes get different devices; a bad mode is refused", async () => {
    const backend = new TwoStreamBackend();
    const speaker = createSpeaker({ backend, mode: "two-streams" });
    const mic = createMicrophone({ backend, mode: "two-streams" });
    const auto = createMicrophone({ backend });
    expect(backend.opened.map((s) => s.options.mode)).toEqual(["two-streams", "auto"]);
    expect(mic.device).toBe(speaker.device);
    expect(auto.device).not.toBe(speaker.device);
    expect(() => createMicrophone({ backend, mode: "both" as never })).toThrow(
      expect.objectContaining({
        name: "AudioNodeUsageError",
        message: expect.stringMatching(/mode must be "auto", "duplex" or "two-streams"/),
      }),
    );
    expect(() => createSpeaker({ backend, mode: "both" as never })).toThrow(AudioNodeUsageError);
    await Promise.all([speaker.close(), mic.close(), auto.close()]);
  });

  it("stats say two-streams and why; a re-alignment is counted and resets the canceller", async () => {
    const backend = new TwoStreamBackend();
    const mic = createMicrophone({ backend, mode: "two-streams" });
    await mic.device.ready;
    const { handlers } = backend.last;
    const health = { queued: 0, late: 0, xruns: 0, inDevice: [] };
    handlers.chunk(silence(), silence(), -1, { ...health, realigns: 0 });
    let stats = mic.device.stats();
    expect(stats.mode).toBe("two-streams");
    expect(stats.modeReason).toMatch(/forced by the mode option/);
    expect(stats.realigns).toBe(0);
    expect(stats.aec).toMatchObject({ enabled: true, resets: 0 });
    handlers.chunk(silence(), silence(), -1, { ...health, realigns: 1 });
    stats = mic.device.stats();
    expect(stats.realigns).toBe(1);
    expect(stats.aec).toMatchObject({ enabled: true, resets: 1 });
    await mic.close();
  });

  it("counts chunks the output consumed without a mic chunk (`played`) as played", async () => {
    const backend = new TwoStreamBackend();
    const speaker = createSpeaker({ backend, mode: "two-streams", outputLatencyMs: 0 });
    await speaker.device.ready;
    speaker.write(new Int16Array(24 * 100).fill(1000), item);
    const { handlers, written } = backend.last;
    expect(written.length).toBe(5);
    expect(speaker.playedMs(item)).toBe(0);
    // At the start the output ran before the input delivered: two chunks played, no mic chunk.
    handlers.played?.(silence(), written[0] as number);
    handlers.played?.(silence(), written[1] as number);
    expect(speaker.playedMs(item)).toBe(40);
    handlers.chunk(silence(), silence(), written[2] as number, {
      queued: 2,
      late: 0,
      xruns: 0,
      inDevice: [],
      realigns: 0,
    });
    expect(speaker.playedMs(item)).toBe(60);
    await speaker.close();
  });
});
