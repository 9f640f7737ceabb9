/** RTP clock of Opus: always 48 kHz, whatever rate is coded. */
const OPUS_CLOCK_PER_20MS = 960;

/**
 * Makes RTP packets for one outgoing Opus stream: 12-byte header, sequence and timestamp
 * advancing by one 20 ms frame. werift rewrites SSRC and payload type to the negotiated ones.
 */
export class RtpPacketizer {
  #sequence = Math.floor(Math.random() * 0x10000);
  #timestamp = Math.floor(Math.random() * 0x1_0000_0000);
  #first = true;

  /** One packet carrying `payload` (one 20 ms Opus frame). */
  packet(payload: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(12 + payload.byteLength);
    out[0] = 0x80; // version 2, no padding, no extension, no CSRC
    out[1] = (this.#first ? 0x80 : 0) | 111; // marker on the first packet of a talk spurt
    out.writeUInt16BE(this.#sequence, 2);
    out.writeUInt32BE(this.#timestamp, 4);
    out.writeUInt32BE(0, 8);
    out.set(payload, 12);
    this.#first = false;
    this.#sequence = (this.#sequence + 1) & 0xffff;
    this.#timestamp = (this.#timestamp + OPUS_CLOCK_PER_20MS) >>> 0;
    return out;
  }
}
