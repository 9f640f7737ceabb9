import { describe, expect, it } from "vitest";
import { AecLoadError } from "../src/index.js";
import { BUILD_COMMAND, loadNative } from "../src/native.js";

describe("native loader", () => {
  it("names the build command when the binary is missing", () => {
    expect(() => loadNative("/nonexistent/aec.node")).toThrow(AecLoadError);
    expect(() => loadNative("/nonexistent/aec.node")).toThrow(BUILD_COMMAND);
    expect(BUILD_COMMAND).toMatch(/&& node scripts\/build-native\.mjs$/);
  });

  it("rejects foreign handles in the native module without crashing", () => {
    const m = loadNative();
    // @ts-expect-error deliberately not a handle
    expect(() => m.reset({})).toThrow(
      expect.objectContaining({
        code: "aec_handle",
        message: expect.stringMatching(/not an echo canceller handle/),
      }),
    );
    const h = m.create(16000, 10, 200, 1000);
    // @ts-expect-error deliberately missing arguments
    expect(() => m.process(h)).toThrow(TypeError);
    // @ts-expect-error deliberately missing arguments
    expect(() => m.process(h)).toThrow(expect.objectContaining({ code: "aec_sample_type" }));
    expect(() => m.create(16000, 10, 200, Number.NaN)).toThrow(RangeError);
    expect(() => m.capture(h, new Float32Array(7), new Float32Array(160))).toThrow(
      expect.objectContaining({ code: "aec_frame_size" }),
    );
    m.close(h);
  });
});
