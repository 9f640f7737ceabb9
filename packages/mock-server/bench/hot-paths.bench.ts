import { randomBytes } from "node:crypto";
import { bench, describe } from "vitest";
import { pcm16ToBytes } from "../src/audio/pcm.js";
import { speechLikeAudio } from "../src/audio/reply-audio.js";
import { makeId } from "../src/ids.js";
import { pcm16SpeechLike } from "../src/index.js";

// The per-event hot paths of a streaming session, each beside the implementation it replaced
// (kept here, verbatim in effect, as the baseline of the same run).

function pcm16ToBytesPerSample(samples: Int16Array): Buffer {
  const out = Buffer.allocUnsafe(samples.length * 2);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i] ?? 0, i * 2);
  return out;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function makeIdRandomBytes(prefix: string): string {
  let out = `${prefix}_`;
  while (out.length < prefix.length + 22) {
    for (const byte of randomBytes(32)) {
      const v = byte & 63;
      if (v < 62) out += BASE62[v];
      if (out.length === prefix.length + 22) break;
    }
  }
  return out;
}

describe("a 20 s made-up spoken reply: work before its first 200 ms delta", () => {
  bench("synthesise and encode the whole reply (before)", () => {
    pcm16ToBytesPerSample(pcm16SpeechLike(20_000, 1));
  });
  bench("read and encode one 200 ms chunk (now)", () => {
    pcm16ToBytes(speechLikeAudio(20_000, 1).read(0, 4800));
  });
});

const chunk = pcm16SpeechLike(200, 3);
describe("pcm16ToBytes of a 200 ms chunk", () => {
  bench("one writeInt16LE per sample (before)", () => {
    pcm16ToBytesPerSample(chunk);
  });
  bench("block copy (now)", () => {
    pcm16ToBytes(chunk);
  });
});

describe("makeId per server event", () => {
  bench("randomBytes(32) per id (before)", () => {
    makeIdRandomBytes("event");
  });
  bench("4 KiB random pool (now)", () => {
    makeId("event");
  });
});
