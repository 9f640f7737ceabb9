import { pcm16SpeechLike } from "@echo/mock-server";
import { describe, expect, it } from "vitest";
import { evanOpus, FRAME_SAMPLES, opusscriptOpus } from "../src/node/opus.js";
import { RtpPacketizer } from "../src/node/rtp.js";
import { rms } from "./helpers/audio.js";

describe.each([
  ["@evan/opus", evanOpus],
  ["opusscript (the fallback)", opusscriptOpus],
])("Opus through %s", (name, load) => {
  it("encodes 20 ms frames into small packets and decodes them back to speech of the same level", async () => {
    const codec = (await load())();
    expect(name).toContain(codec.library);
    const speech = pcm16SpeechLike(1000);
    const decoded: Int16Array[] = [];
    let bytes = 0;
    for (let at = 0; at + FRAME_SAMPLES <= speech.length; at += FRAME_SAMPLES) {
      const packet = codec.encode(speech.subarray(at, at + FRAME_SAMPLES));
      bytes += packet.byteLength;
      decoded.push(codec.decode(packet));
    }
    codec.release();
    expect(decoded.every((d) => d.length === FRAME_SAMPLES)).toBe(true);
    // Far smaller than PCM (48 000 bytes a second), and the level survives the codec.
    expect(bytes).toBeLessThan(12_000);
    const out = new Int16Array(decoded.flatMap((d) => [...d]));
    expect(rms(out) / rms(speech)).toBeGreaterThan(0.7);
    expect(rms(out) / rms(speech)).toBeLessThan(1.3);
  });
});

describe("RTP packetizer", () => {
  it("writes a version-2 header, marks the first packet, and advances sequence by 1 and timestamp by 960", () => {
    const rtp = new RtpPacketizer();
    const a = rtp.packet(new Uint8Array([1, 2, 3]));
    const b = rtp.packet(new Uint8Array([4]));
    expect(a[0]).toBe(0x80);
    expect((a[1] ?? 0) & 0x80).toBe(0x80);
    expect((b[1] ?? 0) & 0x80).toBe(0);
    expect((b.readUInt16BE(2) - a.readUInt16BE(2) + 0x10000) % 0x10000).toBe(1);
    expect((b.readUInt32BE(4) - a.readUInt32BE(4) + 2 ** 32) % 2 ** 32).toBe(960);
    expect([...a.subarray(12)]).toEqual([1, 2, 3]);
  });
});
