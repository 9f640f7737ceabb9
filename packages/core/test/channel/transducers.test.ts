import { describe, expect, expectTypeOf, it, vi } from "vitest";
import {
  type Channel,
  chan,
  comp,
  filter,
  keep,
  map,
  type Reducer,
  remove,
  sliding,
  type Transducer,
  toArray,
} from "../../src/channel/index.js";
import { InvalidArgumentError } from "../../src/errors.js";

/** Takes the first n values, then asks to stop: exercises early termination. */
function take<T>(n: number): Transducer<T, T> {
  return (down) => {
    let left = n;
    return {
      step: (value) => {
        left--;
        const more = down.step(value);
        return more && left > 0;
      },
      complete: () => down.complete(),
    };
  };
}

/** Groups values in pairs, flushing a half pair on completion: exercises stateful completion. */
function pairs<T>(): Transducer<T, T[]> {
  return (down) => {
    let held: T[] = [];
    return {
      step: (value) => {
        held.push(value);
        if (held.length < 2) return true;
        const out = held;
        held = [];
        return down.step(out);
      },
      complete: () => {
        if (held.length > 0) down.step(held);
        held = [];
        down.complete();
      },
    };
  };
}

/** Emits each value twice: exercises expanding transducers. */
function twice<T>(): Transducer<T, T> {
  return (down) => ({
    step: (value) => down.step(value) && down.step(value),
    complete: () => down.complete(),
  });
}

describe("transducers on a channel", () => {
  it("map transforms and infers the output type", async () => {
    const ch = chan(
      4,
      map((n: number) => `#${n}`),
    );
    expectTypeOf(ch).toEqualTypeOf<Channel<string, number>>();
    await ch.put(1);
    await ch.put(2);
    ch.close();
    expect(await toArray(ch)).toEqual(["#1", "#2"]);
  });

  it("filter, remove and keep drop values; comp composes left to right", async () => {
    const isEven = (n: number) => n % 2 === 0;
    const xf = comp(
      filter(isEven),
      map((n: number) => n * 10),
      remove((n: number) => n === 40),
      keep((n: number) => (n > 100 ? undefined : n + 1)),
    );
    const ch = chan(20, xf);
    expectTypeOf(ch).toEqualTypeOf<Channel<number, number>>();
    for (let i = 0; i < 15; i++) await ch.put(i);
    ch.close();
    expect(await toArray(ch)).toEqual([1, 21, 61, 81, 101]);
  });

  it("filter with a type guard narrows the output type", () => {
    const isString = (v: string | number): v is string => typeof v === "string";
    const ch = chan(1, filter(isString));
    expectTypeOf(ch).toEqualTypeOf<Channel<string, string | number>>();
  });

  it("comp() with no arguments is the identity, and longer chains compose", async () => {
    const ch = chan(2, comp<number>());
    await ch.put(1);
    expect(ch.poll()).toBe(1);
    const inc = map((n: number) => n + 1);
    const five = chan(1, comp(inc, inc, inc, inc, inc));
    await five.put(0);
    expect(five.poll()).toBe(5);
    const spread = chan(1, comp(...[inc, inc]));
    await spread.put(0);
    expect(spread.poll()).toBe(2);
  });

  it("works on an unbuffered channel: a put waits for a taker; a filtered value does not satisfy it", async () => {
    const ch = chan(
      undefined,
      filter((n: number) => n > 0),
    );
    let early = false;
    const waiting = ch.put(1).then(() => {
      early = true;
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(early).toBe(false);
    expect(await ch.take()).toBe(1);
    await waiting;
    const t = ch.take();
    expect(await ch.put(-1)).toBe(true);
    expect(await ch.put(5)).toBe(true);
    expect(await t).toBe(5);
  });

  it("unbuffered with a filter: a waiting taker skips filtered waiting puts", async () => {
    const ch = chan(
      undefined,
      filter((n: number) => n > 0),
    );
    const a = ch.put(-1);
    const b = ch.put(2);
    expect(await ch.take()).toBe(2);
    expect(await Promise.all([a, b])).toEqual([true, true]);
    const c = ch.put(-3);
    expect(ch.poll()).toBeUndefined();
    expect(await c).toBe(true);
  });

  it("an expanding transducer delivers every output, even past a fixed buffer's size", async () => {
    const ch = chan(1, twice<number>());
    await ch.put(1);
    const second = ch.put(2);
    expect(await ch.take()).toBe(1);
    expect(await ch.take()).toBe(1);
    expect(await second).toBe(true);
    ch.close();
    expect(await toArray(ch)).toEqual([2, 2]);
    const rendezvous = chan(undefined, twice<string>());
    const t = rendezvous.take();
    await rendezvous.put("a");
    expect(await t).toBe("a");
    expect(rendezvous.poll()).toBe("a");
  });

  it("early termination closes the channel after delivering", async () => {
    const ch = chan(10, take<number>(2));
    expect(await ch.put(1)).toBe(true);
    expect(ch.closed).toBe(false);
    expect(await ch.put(2)).toBe(true);
    expect(ch.closed).toBe(true);
    expect(await ch.put(3)).toBe(false);
    expect(await toArray(ch)).toEqual([1, 2]);
  });

  it("close completes the transducer, flushing held values to buffer and takers", async () => {
    const ch = chan(4, pairs<number>());
    for (const n of [1, 2, 3]) await ch.put(n);
    ch.close();
    expect(await toArray(ch)).toEqual([[1, 2], [3]]);
    const waiting = chan(undefined, pairs<number>());
    const t = waiting.take();
    const t2 = waiting.take();
    await waiting.offer(7);
    waiting.close();
    expect(await t).toEqual([7]);
    expect(await t2).toBeUndefined();
  });
});

describe("a transducer that throws", () => {
  const boom = new Error("bad value");
  const xf = map((n: number) => {
    if (n === 13) throw boom;
    return n;
  });

  it("calls onError, rejects the put with the error, delivers nothing, stays open", async () => {
    const onError = vi.fn();
    const ch = chan(4, xf, onError);
    await ch.put(1);
    await expect(ch.put(13)).rejects.toBe(boom);
    expect(onError).toHaveBeenCalledExactlyOnceWith(boom);
    expect(ch.closed).toBe(false);
    await ch.put(2);
    ch.close();
    expect(await toArray(ch)).toEqual([1, 2]);
  });

  it("a waiting put rejects when it is accepted later", async () => {
    const onError = vi.fn();
    const ch = chan(1, xf, onError);
    await ch.put(1);
    const bad = ch.put(13);
    const good = ch.put(2);
    expect(await ch.take()).toBe(1);
    await expect(bad).rejects.toBe(boom);
    expect(await good).toBe(true);
    expect(await ch.take()).toBe(2);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it("on an unbuffered channel, a taker is not satisfied by the failing put", async () => {
    const ch = chan(undefined, xf);
    const bad = ch.put(13);
    const t = ch.take();
    await expect(bad).rejects.toBe(boom);
    await ch.put(3);
    expect(await t).toBe(3);
  });

  it("offer throws the error synchronously", () => {
    const onError = vi.fn();
    const ch = chan(1, xf, onError);
    expect(() => ch.offer(13)).toThrow(boom);
    expect(onError).toHaveBeenCalledOnce();
    expect(ch.offer(1)).toBe(true);
  });

  it("works without onError", async () => {
    const ch = chan(sliding<number>(1), xf);
    await expect(ch.put(13)).rejects.toBe(boom);
  });

  it("a transducer producing null or undefined is a InvalidArgumentError routed the same way", async () => {
    const onError = vi.fn();
    const ch = chan(
      1,
      map((n: number) => (n > 0 ? n : undefined)),
      onError,
    );
    await expect(ch.put(0)).rejects.toThrow(InvalidArgumentError);
    expect(onError).toHaveBeenCalledOnce();
    expect(await ch.put(1)).toBe(true);
  });

  it("an error while completing on close goes to onError", async () => {
    const failing: Transducer<number, number> = (down: Reducer<number>) => ({
      step: (v) => down.step(v),
      complete: () => {
        throw boom;
      },
    });
    const onError = vi.fn();
    const ch = chan(1, failing, onError);
    await ch.put(1);
    ch.close();
    expect(onError).toHaveBeenCalledWith(boom);
    expect(await toArray(ch)).toEqual([1]);
  });
});
