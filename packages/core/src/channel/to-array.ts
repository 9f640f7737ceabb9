import type { ReadPort } from "./ports.js";

/**
 * Takes every value until the channel is closed and drained and resolves with them in order.
 * Never resolves if nobody closes the channel.
 */
export async function toArray<T>(port: ReadPort<T>): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const value = await port.take();
    if (value === undefined) return out;
    out.push(value);
  }
}
