import { describe, expect, it } from "vitest";
import {
  Channel,
  chan,
  dropping,
  fixed,
  sliding,
  TooManyPendingPutsError,
  TooManyPendingTakesError,
} from "../../src/channel/index.js";
import { EchoUsageError, InvalidArgumentError } from "../../src/errors.js";

/** Lets every queued promise callback run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("chan: construction", () => {
  it("makes an unbuffered channel by default and with 0", () => {
    expect(chan()).toBeInstanceOf(Channel);
    expect(chan<number>(0).offer(1)).toBe(false);
  });

  it("rejects bad sizes with a InvalidArgumentError", () => {
    expect(() => chan(-1)).toThrow(InvalidArgumentError);
    expect(() => chan(1.5)).toThrow(InvalidArgumentError);
    expect(() => fixed(0)).toThrow(/chan\(\) with no buffer/);
    expect(() => sliding(0)).toThrow(InvalidArgumentError);
    expect(() => dropping(Number.NaN)).toThrow(InvalidArgumentError);
    expect(() => chan(1, undefined, undefined, { maxPendingPuts: 0 })).toThrow(/maxPendingPuts/);
  });
});

describe("put/take on a fixed buffer", () => {
  it("accepts puts at once while there is room, then waits (backpressure)", async () => {
    const ch = chan<number>(2);
    expect(await ch.put(1)).toBe(true);
    expect(await ch.put(2)).toBe(true);
    let third: boolean | undefined;
    const p = ch.put(3).then((ok) => {
      third = ok;
    });
    await flush();
    expect(third).toBeUndefined();
    expect(await ch.take()).toBe(1);
    await p;
    expect(third).toBe(true);
    expect(await ch.take()).toBe(2);
    expect(await ch.take()).toBe(3);
  });

  it("delivers in FIFO order across many producers", async () => {
    const ch = chan<number>(4);
    const puts = Array.from({ length: 20 }, (_, i) => ch.put(i));
    const got: number[] = [];
    for (let i = 0; i < 20; i++) got.push((await ch.take()) as number);
    expect(await Promise.all(puts)).toEqual(Array(20).fill(true));
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("a waiting take gets the next put", async () => {
    const ch = chan<string>(1);
    const t = ch.take();
    expect(await ch.put("a")).toBe(true);
    expect(await t).toBe("a");
  });

  it("offer and poll never wait", () => {
    const ch = chan<number>(1);
    expect(ch.poll()).toBeUndefined();
    expect(ch.offer(1)).toBe(true);
    expect(ch.offer(2)).toBe(false);
    expect(ch.poll()).toBe(1);
    expect(ch.poll()).toBeUndefined();
  });

  it("poll refills the buffer from a waiting put", async () => {
    const ch = chan<number>(1);
    await ch.put(1);
    const p = ch.put(2);
    expect(ch.poll()).toBe(1);
    expect(await p).toBe(true);
    expect(ch.poll()).toBe(2);
  });
});

describe("unbuffered rendezvous", () => {
  it("a put waits for a taker", async () => {
    const ch = chan<number>();
    let done = false;
    const p = ch.put(7).then((ok) => {
      done = ok;
    });
    await flush();
    expect(done).toBe(false);
    expect(await ch.take()).toBe(7);
    await p;
    expect(done).toBe(true);
  });

  it("a put with a waiting taker resolves at once; offer succeeds only with a taker", async () => {
    const ch = chan<number>();
    expect(ch.offer(1)).toBe(false);
    const t = ch.take();
    expect(ch.offer(2)).toBe(true);
    expect(await t).toBe(2);
    const t2 = ch.take();
    expect(await ch.put(3)).toBe(true);
    expect(await t2).toBe(3);
  });

  it("poll takes from a waiting put", async () => {
    const ch = chan<number>();
    const p = ch.put(5);
    expect(ch.poll()).toBe(5);
    expect(await p).toBe(true);
  });
});

describe("close", () => {
  it("is idempotent and reported by `closed`", () => {
    const ch = chan<number>();
    expect(ch.closed).toBe(false);
    ch.close();
    ch.close();
    expect(ch.closed).toBe(true);
  });

  it("delivers buffered values after close, then undefined", async () => {
    const ch = chan<number>(3);
    await ch.put(1);
    await ch.put(2);
    ch.close();
    expect(await ch.put(3)).toBe(false);
    expect(ch.offer(3)).toBe(false);
    expect(await ch.take()).toBe(1);
    expect(ch.poll()).toBe(2);
    expect(await ch.take()).toBeUndefined();
    expect(await ch.take()).toBeUndefined();
    expect(ch.poll()).toBeUndefined();
  });

  it("resolves waiting takers with undefined", async () => {
    const ch = chan<number>();
    const takes = [ch.take(), ch.take(), ch.take()];
    ch.close();
    expect(await Promise.all(takes)).toEqual([undefined, undefined, undefined]);
  });

  it("resolves waiting putters with false and drops their values", async () => {
    const ch = chan<number>(1);
    await ch.put(1);
    const puts = [ch.put(2), ch.put(3)];
    ch.close();
    expect(await Promise.all(puts)).toEqual([false, false]);
    expect(await ch.take()).toBe(1);
    expect(await ch.take()).toBeUndefined();
  });

  it("resolves waiting putters on an unbuffered channel with false", async () => {
    const ch = chan<number>();
    const p = ch.put(1);
    ch.close();
    expect(await p).toBe(false);
    expect(await ch.take()).toBeUndefined();
  });
});

describe("null and undefined", () => {
  it("put rejects with a InvalidArgumentError and offer throws", async () => {
    const ch = chan<number | null | undefined>(1);
    await expect(ch.put(null)).rejects.toThrow(InvalidArgumentError);
    await expect(ch.put(undefined)).rejects.toThrow(/closed/);
    expect(() => ch.offer(null)).toThrow(InvalidArgumentError);
    expect(ch.poll()).toBeUndefined();
  });
});

describe("pending bounds", () => {
  it("rejects the put past the bound with TooManyPendingPutsError (default 1024)", async () => {
    const ch = chan<number>();
    const waiting = Array.from({ length: 1024 }, (_, i) => ch.put(i));
    const err = await ch.put(1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooManyPendingPutsError);
    expect(err).toBeInstanceOf(EchoUsageError);
    const e = err as TooManyPendingPutsError;
    expect(e.code).toBe("too_many_pending_puts");
    expect(e.name).toBe("TooManyPendingPutsError");
    expect(e.kind).toBe("usage");
    expect(e.limit).toBe(1024);
    expect(e.message).toMatch(/Await each put/);
    expect(e.message).toMatch(/buffer/);
    expect(e.message).toMatch(/sliding\(n\)\/dropping\(n\)/);
    ch.close();
    expect((await Promise.all(waiting)).every((ok) => ok === false)).toBe(true);
  });

  it("is configurable", async () => {
    const ch = chan<number>(undefined, undefined, undefined, { maxPendingPuts: 2 });
    const a = ch.put(1);
    const b = ch.put(2);
    await expect(ch.put(3)).rejects.toBeInstanceOf(TooManyPendingPutsError);
    expect(await ch.take()).toBe(1);
    // Room again for one more waiting put.
    const c = ch.put(3);
    expect(await ch.take()).toBe(2);
    expect(await ch.take()).toBe(3);
    expect(await Promise.all([a, b, c])).toEqual([true, true, true]);
  });

  it("bounds waiting takes too", async () => {
    const ch = chan<number>(1, undefined, undefined, { maxPendingTakes: 1 });
    const t = ch.take();
    const err = await ch.take().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooManyPendingTakesError);
    expect((err as TooManyPendingTakesError).code).toBe("too_many_pending_takes");
    await ch.put(1);
    expect(await t).toBe(1);
  });
});

describe("async iteration", () => {
  it("for await yields every value and ends when closed and drained", async () => {
    const ch = chan<number>(2);
    const producer = (async () => {
      for (let i = 0; i < 10; i++) await ch.put(i);
      ch.close();
    })();
    const got: number[] = [];
    for await (const v of ch) got.push(v);
    await producer;
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("break does not close the channel", async () => {
    const ch = chan<number>(5);
    for (const v of [1, 2, 3]) await ch.put(v);
    for await (const v of ch) {
      if (v === 1) break;
    }
    expect(ch.closed).toBe(false);
    expect(await ch.take()).toBe(2);
    const it = ch[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: 3, done: false });
    ch.close();
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it("two consumers share the values, each value once", async () => {
    const ch = chan<number>();
    const seen: number[] = [];
    const consume = async () => {
      for await (const v of ch) seen.push(v);
    };
    const consumers = [consume(), consume()];
    for (let i = 0; i < 50; i++) await ch.put(i);
    ch.close();
    await Promise.all(consumers);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe("sliding and dropping buffers", () => {
  it("sliding keeps the last n and never waits", async () => {
    const ch = chan<number>(sliding(3));
    for (let i = 0; i < 1000; i++) expect(await ch.put(i)).toBe(true);
    ch.close();
    expect([ch.poll(), ch.poll(), ch.poll(), ch.poll()]).toEqual([997, 998, 999, undefined]);
  });

  it("dropping keeps the first n and never waits", async () => {
    const ch = chan<number>(dropping(3));
    for (let i = 0; i < 1000; i++) expect(ch.offer(i)).toBe(true);
    ch.close();
    expect([ch.poll(), ch.poll(), ch.poll(), ch.poll()]).toEqual([0, 1, 2, undefined]);
  });

  it("under load with a slow consumer, sliding delivers the newest values", async () => {
    const ch = chan<number>(sliding(2));
    const got: number[] = [];
    const consumer = (async () => {
      for await (const v of ch) {
        got.push(v);
        await flush();
      }
    })();
    for (let i = 0; i < 200; i++) await ch.put(i);
    ch.close();
    await consumer;
    expect(got.at(-1)).toBe(199);
    expect(got.length).toBeLessThan(200);
    expect([...got].sort((a, b) => a - b)).toEqual(got);
  });

  it("under load with a slow consumer, dropping delivers the oldest values", async () => {
    const ch = chan<number>(dropping(2));
    const got: number[] = [];
    const consumer = (async () => {
      for await (const v of ch) {
        got.push(v);
        await flush();
      }
    })();
    for (let i = 0; i < 200; i++) await ch.put(i);
    ch.close();
    await consumer;
    expect(got.slice(0, 2)).toEqual([0, 1]);
    expect(got.length).toBeLessThan(200);
  });

  it("exposes kind, capacity and count", () => {
    const b = sliding<number>(2);
    expect([b.kind, b.capacity, b.count, b.full]).toEqual(["sliding", 2, 0, false]);
    const f = fixed<number>(1);
    f.add(1);
    expect([f.kind, f.count, f.full]).toEqual(["fixed", 1, true]);
    expect(dropping(1).kind).toBe("dropping");
  });
});
