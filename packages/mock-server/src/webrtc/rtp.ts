/** RTP packets of one outgoing Opus stream (werift rewrites SSRC and payload type). */
export class RtpWriter {
  #sequence = Math.floor(Math.random() * 0x10000);
  #timestamp = Math.floor(Math.random() * 0x1_0000_0000);
  #marker = true;

  /** Marks the next packet as the start of a talk spurt. */
  talkSpurt(): void {
    this.#marker = true;
  }

  /** One packet with a 20 ms Opus payload (960 ticks of the 48 kHz RTP clock). */
  packet(payload: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(12 + payload.byteLength);
    out[0] = 0x80;
    out[1] = (this.#marker ? 0x80 : 0) | 111;
    out.writeUInt16BE(this.#sequence, 2);
    out.writeUInt32BE(this.#timestamp, 4);
    out.writeUInt32BE(0, 8);
    out.set(payload, 12);
    this.#marker = false;
    this.#sequence = (this.#sequence + 1) & 0xffff;
    this.#timestamp = (this.#timestamp + 960) >>> 0;
    return out;
  }
}
