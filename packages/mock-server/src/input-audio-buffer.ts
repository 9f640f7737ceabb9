import type { AudioFormat } from "./session-config.js";

/**
 * The input audio buffer: wire bytes appended since the last commit or clear, placed on the
 * session's input timeline so VAD timestamps can cut it.
 */
export class InputAudioBuffer {
  private chunks: Buffer[] = [];
  // Odd trailing byte of a PCM append, kept until the next append completes the sample.
  private carry: Buffer | null = null;
  private held = 0;
  private start = 0;
  private total = 0;

  /** Bytes held since the last commit or clear. */
  get byteLength(): number {
    return this.held;
  }

  /** Input timeline position (ms) of the first held byte. */
  get startMs(): number {
    return this.start;
  }

  /** Bytes ever appended, so a restarted VAD continues the same timeline. */
  get totalBytes(): number {
    return this.total;
  }

  /** Adds base64-decoded bytes and returns the whole samples actually added (may be empty). */
  append(incoming: Buffer, format: AudioFormat): Buffer {
    let bytes = incoming;
    if (format.type === "audio/pcm") {
      // Keep sample alignment across appends of odd length.
      if (this.carry) {
        bytes = Buffer.concat([this.carry, bytes]);
        this.carry = null;
      }
      if (bytes.length % 2 === 1) {
        this.carry = bytes.subarray(bytes.length - 1);
        bytes = bytes.subarray(0, bytes.length - 1);
      }
    }
    if (bytes.length === 0) return bytes;
    this.chunks.push(bytes);
    this.held += bytes.length;
    this.total += bytes.length;
    return bytes;
  }

  /** Removes [fromMs, toMs) from the front of the buffer and returns those bytes. */
  take(fromMs: number, toMs: number, bytesPerMs: number): Buffer {
    const all = Buffer.concat(this.chunks, this.held);
    const bpm = bytesPerMs;
    const start = Math.max(0, Math.round((fromMs - this.start) * bpm));
    const end = Math.min(all.length, Math.max(start, Math.round((toMs - this.start) * bpm)));
    const taken = Buffer.from(all.subarray(start, end));
    const rest = all.subarray(end);
    this.chunks = rest.length > 0 ? [Buffer.from(rest)] : [];
    this.held = rest.length;
    this.start += end / bpm;
    return taken;
  }
}
