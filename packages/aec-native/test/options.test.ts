import { describe, expect, it } from "vitest";
import { fromNative } from "../src/errors.js";
import {
  AecError,
  AecFaultError,
  AecUsageError,
  EchoCanceller,
  type EchoCancellerOptions,
} from "../src/index.js";
import { loadNative } from "../src/native.js";

/** Constructs with deliberately wrong options and returns what was thrown. */
function refuse(options: unknown): AecError {
  try {
    new EchoCanceller(options as EchoCancellerOptions).close();
  } catch (e) {
    if (e instanceof AecError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(options)} to be refused`);
}

const RATE = "use 16000, 24000 or 48000 (resample first).";
const FRAME = "use 10 or 20.";
const TAIL = "use an integer in 20..1000.";
const DELAY = "use an integer in 0..2000.";

describe("options are checked once (by the native Config) and reported as AecUsageError", () => {
  it.each<[string, unknown, string, string]>([
    [
      "an unsupported rate",
      { sampleRate: 44100 },
      "aec_sample_rate",
      `sampleRate 44100 is not supported; ${RATE}`,
    ],
    ["a rate of 0", { sampleRate: 0 }, "aec_sample_rate", `sampleRate 0 is not supported; ${RATE}`],
    [
      "a fractional rate",
      { sampleRate: 16000.5 },
      "aec_sample_rate",
      `sampleRate 16000.5 is not supported; ${RATE}`,
    ],
    [
      "a rate as a string",
      { sampleRate: "16000" },
      "aec_sample_rate",
      `sampleRate (a string) is not supported; ${RATE}`,
    ],
    ["no rate", {}, "aec_sample_rate", `sampleRate undefined is not supported; ${RATE}`],
    [
      "no options at all",
      undefined,
      "aec_sample_rate",
      `sampleRate undefined is not supported; ${RATE}`,
    ],
    [
      "frameMs 15",
      { sampleRate: 24000, frameMs: 15 },
      "aec_frame_ms",
      `frameMs 15 is not supported; ${FRAME}`,
    ],
    [
      "frameMs NaN",
      { sampleRate: 24000, frameMs: Number.NaN },
      "aec_frame_ms",
      `frameMs NaN is not supported; ${FRAME}`,
    ],
    [
      "frameMs null",
      { sampleRate: 24000, frameMs: null },
      "aec_frame_ms",
      `frameMs null is not supported; ${FRAME}`,
    ],
    [
      "tailMs below 20",
      { sampleRate: 24000, tailMs: 5 },
      "aec_tail_ms",
      `tailMs 5 is not supported; ${TAIL}`,
    ],
    [
      "tailMs above 1000",
      { sampleRate: 24000, tailMs: 1001 },
      "aec_tail_ms",
      `tailMs 1001 is not supported; ${TAIL}`,
    ],
    [
      "tailMs Infinity",
      { sampleRate: 24000, tailMs: Number.POSITIVE_INFINITY },
      "aec_tail_ms",
      `tailMs Infinity is not supported; ${TAIL}`,
    ],
    [
      "tailMs as a boolean",
      { sampleRate: 24000, tailMs: true },
      "aec_tail_ms",
      `tailMs (a boolean) is not supported; ${TAIL}`,
    ],
    [
      "maxDelayMs -1",
      { sampleRate: 24000, maxDelayMs: -1 },
      "aec_max_delay_ms",
      `maxDelayMs -1 is not supported; ${DELAY}`,
    ],
    [
      "maxDelayMs 1.5",
      { sampleRate: 24000, maxDelayMs: 1.5 },
      "aec_max_delay_ms",
      `maxDelayMs 1.5 is not supported; ${DELAY}`,
    ],
    [
      "maxDelayMs 2001",
      { sampleRate: 24000, maxDelayMs: 2001 },
      "aec_max_delay_ms",
      `maxDelayMs 2001 is not supported; ${DELAY}`,
    ],
    [
      "maxDelayMs as an object",
      { sampleRate: 24000, maxDelayMs: {} },
      "aec_max_delay_ms",
      `maxDelayMs (an object) is not supported; ${DELAY}`,
    ],
    [
      "maxDelayMs as a bigint",
      { sampleRate: 24000, maxDelayMs: 10n },
      "aec_max_delay_ms",
      `maxDelayMs (a bigint) is not supported; ${DELAY}`,
    ],
  ])("refuses %s with its code, kind usage and what to use", (_label, options, code, message) => {
    const e = refuse(options);
    expect(e).toBeInstanceOf(AecUsageError);
    expect(e).toMatchObject({ name: "AecUsageError", code, kind: "usage", message });
    // The native error is kept as the cause (it carries the same code).
    expect(e.cause).toMatchObject({ code });
  });

  it("reports the first bad option in the order sampleRate, frameMs, tailMs, maxDelayMs", () => {
    expect(refuse({ sampleRate: 1, frameMs: 1, tailMs: 1, maxDelayMs: -1 }).code).toBe(
      "aec_sample_rate",
    );
    expect(refuse({ sampleRate: 16000, frameMs: 1, tailMs: 1, maxDelayMs: -1 }).code).toBe(
      "aec_frame_ms",
    );
    expect(refuse({ sampleRate: 16000, tailMs: 1, maxDelayMs: -1 }).code).toBe("aec_tail_ms");
  });

  it.each([
    { sampleRate: 16000, frameMs: 20, tailMs: 20, maxDelayMs: 0 },
    { sampleRate: 48000, frameMs: 10, tailMs: 1000, maxDelayMs: 2000 },
  ] as const)("accepts the bounds %j", (options) => {
    const aec = new EchoCanceller(options);
    expect(aec.frameSize).toBe((options.sampleRate * options.frameMs) / 1000);
    expect(aec.latencySamples).toBeGreaterThan(0);
    aec.close();
  });

  it("the native module itself refuses the same options with the same codes", () => {
    const native = loadNative();
    expect(() => native.create(44100, 10, 200, 1000)).toThrow(
      expect.objectContaining({
        code: "aec_sample_rate",
        message: `sampleRate 44100 is not supported; ${RATE}`,
      }),
    );
    expect(() => native.create(16000, 10, 200, Number.NaN)).toThrow(RangeError);
    // @ts-expect-error deliberately not a number
    expect(() => native.create(16000, "10", 200, 1000)).toThrow(TypeError);
  });
});

describe("fromNative", () => {
  it("maps aec_* codes to usage errors, aec_internal to a fault, and leaves others alone", () => {
    const coded = (code: string) => Object.assign(new Error("m"), { code });
    expect(fromNative(coded("aec_closed"))).toBeInstanceOf(AecUsageError);
    const fault = fromNative(coded("aec_internal"));
    expect(fault).toBeInstanceOf(AecFaultError);
    expect(fault).toMatchObject({ kind: "fault", code: "aec_internal", message: "m" });
    const foreign = coded("ERR_SOMETHING");
    expect(fromNative(foreign)).toBe(foreign);
    expect(fromNative("not an error")).toBe("not an error");
  });
});
