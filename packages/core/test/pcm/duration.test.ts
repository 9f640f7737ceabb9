import { describe, expect, it } from "vitest";
import {
  base64ByteLength,
  bytesToMs,
  int16ToBase64,
  msToBytes,
  msToSamples,
  PCM16_BYTES_PER_MS,
  samplesToMs,
} from "../../src/pcm/index.js";

describe("audio durations", () => {
  it("converts bytes and ms for PCM16 (48 bytes/ms) and G.711 (8 bytes/ms)", () => {
    expect(PCM16_BYTES_PER_MS).toBe(48);
    expect(bytesToMs(960)).toBe(20);
    expect(bytesToMs(160, "audio/pcmu")).toBe(20);
    expect(bytesToMs(80, "audio/pcma")).toBe(10);
    expect(msToBytes(20)).toBe(960);
    expect(msToBytes(20, "audio/pcmu")).toBe(160);
    expect(samplesToMs(480)).toBe(20);
    expect(msToSamples(20)).toBe(480);
  });

  it("computes the decoded length of base64 without decoding", () => {
    for (let n = 0; n < 20; n++) {
      const b64 = int16ToBase64(new Int16Array(n));
      expect(base64ByteLength(b64)).toBe(n * 2);
      expect(base64ByteLength(b64.replace(/=+$/, ""))).toBe(n * 2);
    }
  });
});
