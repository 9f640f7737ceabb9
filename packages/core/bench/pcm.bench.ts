import { afterAll, bench, describe } from "vitest";
import * as browser from "../src/pcm/base64.browser.js";
import { base64ToInt16, int16ToBase64 } from "../src/pcm/index.js";

// One 20 ms chunk of PCM16 at 24 kHz: 480 samples, 960 bytes, 1280 base64 characters.
const chunk = Int16Array.from({ length: 480 }, (_, i) => Math.round(Math.sin(i / 7) * 12_000));
const encoded = int16ToBase64(chunk);

/** The usual snippet: a binary string built one character at a time, then btoa. */
function naiveEncode(samples: Int16Array): string {
  const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary);
}

/** The usual snippet back: atob, then charCodeAt one byte at a time. */
function naiveDecode(base64: string): Int16Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Int16Array(bytes.buffer);
}

let sink = 0;

describe("encode a 20 ms PCM16 chunk to base64", () => {
  bench("baseline: naive String.fromCharCode loop + btoa", () => {
    sink += naiveEncode(chunk).length;
  });
  bench("int16ToBase64 (Node shim: Buffer)", () => {
    sink += int16ToBase64(chunk).length;
  });
  bench("browser shim (table-driven)", () => {
    sink += browser.encodePcm16(chunk).length;
  });
});

describe("decode a 20 ms PCM16 chunk from base64", () => {
  bench("baseline: naive atob + charCodeAt loop", () => {
    sink += naiveDecode(encoded).length;
  });
  bench("base64ToInt16 (Node shim: Buffer)", () => {
    sink += base64ToInt16(encoded).length;
  });
  bench("browser shim (table-driven)", () => {
    sink += browser.decodePcm16(encoded).length;
  });
});

// Read the results so the benchmarked work is never optimized away.
afterAll(() => {
  if (Number.isNaN(sink)) throw new Error("unreachable");
});
