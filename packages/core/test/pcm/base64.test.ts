import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EchoUsageError } from "../../src/errors.js";
import * as browser from "../../src/pcm/base64.browser.js";
import * as node from "../../src/pcm/base64.node.js";
import { littleEndianBytes, samplesFromLittleEndian } from "../../src/pcm/endian.js";
import { base64ToInt16, int16ToBase64, PcmFormatError } from "../../src/pcm/index.js";

const shims = { node, browser };

describe("PCM16 base64", () => {
  it("encodes little-endian bytes as standard base64", () => {
    // 1 = 01 00, -2 = FE FF, 0x1234 = 34 12 little-endian.
    const samples = new Int16Array([1, -2, 0x1234]);
    const expected = Buffer.from([0x01, 0x00, 0xfe, 0xff, 0x34, 0x12]).toString("base64");
    expect(int16ToBase64(samples)).toBe(expected);
    for (const shim of Object.values(shims)) expect(shim.encodePcm16(samples)).toBe(expected);
  });

  it("both shims agree with Buffer and round-trip any samples (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 700 }), (xs) => {
        const samples = Int16Array.from(xs);
        const viaBuffer = Buffer.from(samples.buffer).toString("base64");
        for (const shim of Object.values(shims)) {
          const b64 = shim.encodePcm16(samples);
          expect(b64).toBe(viaBuffer);
          expect(Array.from(shim.decodePcm16(b64))).toEqual(xs);
          expect(Array.from(node.decodePcm16(browser.encodePcm16(samples)))).toEqual(xs);
        }
      }),
    );
  });

  it("the browser codec handles every byte count and optional padding", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const b64 = browser.encodeBytes(bytes);
        expect(b64).toBe(Buffer.from(bytes).toString("base64"));
        expect(Array.from(browser.decodeBytes(b64))).toEqual(Array.from(bytes));
        expect(Array.from(browser.decodeBytes(b64.replace(/=+$/, "")))).toEqual(Array.from(bytes));
      }),
    );
  });

  it("encodes a view into a larger buffer (offset and length respected)", () => {
    const big = new Int16Array([9, 9, 1, 2, 9]);
    const view = big.subarray(2, 4);
    for (const shim of Object.values(shims)) {
      expect(Array.from(shim.decodePcm16(shim.encodePcm16(view)))).toEqual([1, 2]);
    }
  });

  it("decodes into a fresh, aligned array that owns its memory", () => {
    const out = base64ToInt16(int16ToBase64(new Int16Array([5, 6, 7])));
    expect(out.byteOffset).toBe(0);
    expect(out.buffer.byteLength).toBe(6);
  });

  it("rejects an odd byte count with a PcmFormatError that says how to fix it", () => {
    for (const shim of Object.values(shims)) {
      const err = (() => {
        try {
          shim.decodePcm16("AAAA"); // 3 bytes
        } catch (e) {
          return e;
        }
      })() as PcmFormatError;
      expect(err).toBeInstanceOf(PcmFormatError);
      expect(err).toBeInstanceOf(EchoUsageError);
      expect(err.code).toBe("invalid_pcm");
      expect(err.message).toMatch(/odd number/);
    }
  });

  it("the browser codec rejects characters outside the alphabet", () => {
    expect(() => browser.decodeBytes("AA*A")).toThrow(PcmFormatError);
    expect(() => browser.decodeBytes("AAAAA")).toThrow(/not valid base64/);
    expect(() => browser.decodeBytes("A-A=")).toThrow(PcmFormatError);
    expect(() => browser.decodeBytes(`${"A".repeat(40)}!`)).toThrow(/…/);
    expect(browser.decodeBytes("")).toEqual(new Uint8Array(0));
  });

  it("byte order helpers swap nothing on a little-endian host", () => {
    const s = new Int16Array([0x0102]);
    expect(Array.from(littleEndianBytes(s))).toEqual([0x02, 0x01]);
    expect(Array.from(samplesFromLittleEndian(new Uint8Array([0x02, 0x01])))).toEqual([0x0102]);
  });
});

describe("browser codec input checks", () => {
  it("rejects non-ASCII characters, even ones whose low byte is in the alphabet", () => {
    expect(() => browser.decodeBytes("AA\u0141A")).toThrow(PcmFormatError); // U+0141: low byte 0x41 'A'
    expect(() => browser.decodeBytes("AAé=")).toThrow(PcmFormatError);
  });

  it("decodes long input (grows its scratch buffer)", () => {
    const samples = Int16Array.from({ length: 24_000 }, (_, i) => i - 12_000);
    expect(Array.from(browser.decodePcm16(node.encodePcm16(samples)))).toEqual(Array.from(samples));
  });
});
