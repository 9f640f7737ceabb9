/** Bytes appended chunk by chunk into one buffer that doubles as needed (amortised O(1) appends). */
export class GrowingBuffer {
  private data = Buffer.allocUnsafe(0);
  private used = 0;

  /** Bytes held. */
  get length(): number {
    return this.used;
  }

  /** Appends a copy of `chunk`. */
  append(chunk: Uint8Array): void {
    if (this.used + chunk.length > this.data.length) {
      const next = Buffer.allocUnsafe(
        Math.max(this.used + chunk.length, this.data.length * 2, 4096),
      );
      this.data.copy(next, 0, 0, this.used);
      this.data = next;
    }
    this.data.set(chunk, this.used);
    this.used += chunk.length;
  }

  /** The bytes so far as an exact-size copy (what is kept once the appending is over). */
  copy(): Buffer {
    return Buffer.from(this.data.subarray(0, this.used));
  }

  /** The bytes so far, as a view (valid until the next append). */
  view(): Buffer {
    return this.data.subarray(0, this.used);
  }
}
