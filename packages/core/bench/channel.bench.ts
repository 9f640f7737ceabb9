import { FixedBuffer, Repeater } from "@repeaterjs/repeater";
import { bench, describe } from "vitest";
import { chan, map } from "../src/channel/index.js";

const N = 10_000;
const BUF = 64;

/**
 * The baseline: the queue people write by hand, an array with `push`/`shift` and a list of
 * waiting consumers. No backpressure, no close semantics beyond a flag, no bound.
 */
class ArrayQueue<T> {
  private items: T[] = [];
  private waiting: ((v: T | undefined) => void)[] = [];
  private done = false;
  push(value: T): void {
    const w = this.waiting.shift();
    if (w) w(value);
    else this.items.push(value);
  }
  close(): void {
    this.done = true;
    for (const w of this.waiting.splice(0)) w(undefined);
  }
  take(): Promise<T | undefined> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift());
    if (this.done) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

async function consume(take: () => Promise<number | undefined>): Promise<number> {
  let sum = 0;
  for (let v = await take(); v !== undefined; v = await take()) sum += v;
  return sum;
}

async function arrayQueue(): Promise<void> {
  const q = new ArrayQueue<number>();
  const consumer = consume(() => q.take());
  for (let i = 0; i < N; i++) {
    q.push(i);
    // Yield like an awaited put would, so producer and consumer interleave.
    await undefined;
  }
  q.close();
  await consumer;
}

async function echoChan(buf: number): Promise<void> {
  const ch = chan<number>(buf);
  const consumer = consume(() => ch.take());
  for (let i = 0; i < N; i++) await ch.put(i);
  ch.close();
  await consumer;
}

async function echoForAwait(buf: number): Promise<void> {
  const ch = chan<number>(buf);
  const consumer = (async () => {
    let sum = 0;
    for await (const v of ch) sum += v;
    return sum;
  })();
  for (let i = 0; i < N; i++) await ch.put(i);
  ch.close();
  await consumer;
}

async function echoXf(): Promise<void> {
  const ch = chan(
    BUF,
    map((n: number) => n + 1),
  );
  const consumer = consume(() => ch.take());
  for (let i = 0; i < N; i++) await ch.put(i);
  ch.close();
  await consumer;
}

async function repeater(buf: number | undefined): Promise<void> {
  const r = new Repeater<number>(
    async (push, stop) => {
      for (let i = 0; i < N; i++) await push(i);
      stop();
    },
    buf === undefined ? undefined : new FixedBuffer(buf),
  );
  let sum = 0;
  for await (const v of r) sum += v;
  if (sum < 0) throw new Error("unreachable");
}

describe(`buffered (${BUF}): ${N} values, producer awaits each put, one consumer`, () => {
  bench("echo chan (take loop)", () => echoChan(BUF));
  bench("echo chan (for await)", () => echoForAwait(BUF));
  bench("echo chan + map transducer", () => echoXf());
  bench("array queue (baseline)", arrayQueue);
  bench("@repeaterjs/repeater FixedBuffer", () => repeater(BUF));
});

describe(`unbuffered rendezvous: ${N} values`, () => {
  bench("echo chan()", () => echoChan(0));
  bench("array queue (baseline)", arrayQueue);
  bench("@repeaterjs/repeater (no buffer)", () => repeater(undefined));
});
