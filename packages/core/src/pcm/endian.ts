/** Whether this machine stores numbers little-endian (almost all do; s390x does not). */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Returns the samples as little-endian bytes: a view when the host is little-endian, a swapped copy otherwise. */
export function littleEndianBytes(samples: Int16Array): Uint8Array {
  if (HOST_IS_LITTLE_ENDIAN) {
    return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  }
  const out = new Uint8Array(samples.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i] as number, true);
  return out;
}

/** Turns little-endian PCM16 bytes (an even count) into samples in host order, in place on big-endian hosts. */
export function samplesFromLittleEndian(bytes: Uint8Array): Int16Array {
  if (!HOST_IS_LITTLE_ENDIAN) {
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      const lo = bytes[i] as number;
      bytes[i] = bytes[i + 1] as number;
      bytes[i + 1] = lo;
    }
  }
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
}
