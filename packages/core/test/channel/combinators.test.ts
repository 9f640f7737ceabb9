import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type Channel,
  chan,
  dropping,
  map,
  merge,
  mult,
  pipe,
  type ReadPort,
  sliding,
  split,
  timeout,
  toArray,
} from "../../src/channel/index.js";
import { InvalidArgumentError } from "../../src/errors.js";

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

async function fill<T>(values: T[], buf = values.length) {
  const ch = chan<T>(Math.max(buf, 1));
  for (const v of values) await ch.put(v);
  return ch;
}

describe("toArray", () => {
  it("collects until closed", async () => {
    const ch = await fill([1, 2, 3]);
    ch.close();
    expect(await toArray(ch)).toEqual([1, 2, 3]);
  });
});

describe("pipe", () => {
  it("moves every value and closes the destination by default", async () => {
    const from = await fill([1, 2, 3]);
    from.close();
    const to = pipe(from, chan<number>());
    expect(await toArray(to)).toEqual([1, 2, 3]);
    expect(to.closed).toBe(true);
  });

  it("leaves the destination open with close = false", async () => {
    const from = await fill(["a"]);
    from.close();
    const to = pipe(from, chan<string>(4), false);
    expect(await to.take()).toBe("a");
    await flush();
    expect(to.closed).toBe(false);
    expect(to.poll()).toBeUndefined();
  });

  it("stops when the destination closes, leaving the source open", async () => {
    const from = chan<number>(10);
    const to = chan<number>();
    pipe(from, to);
    await from.put(1);
    expect(await to.take()).toBe(1);
    to.close();
    await from.put(2);
    await flush();
    expect(from.closed).toBe(false);
    // Piping stopped: a third value stays in the source.
    await from.put(3);
    await flush();
    expect(from.poll()).toBe(3);
  });

  it("respects backpressure and chains through transducer channels", async () => {
    const from = chan<number>();
    const to = pipe(
      from,
      chan(
        1,
        map((n: number) => n * 2),
      ),
    );
    expect(await from.put(1)).toBe(true);
    expect(await from.put(2)).toBe(true);
    let third = false;
    const p = from.put(3).then(() => {
      third = true;
    });
    await flush();
    // to's buffer holds 2, the pipe holds 4 waiting, so 3 waits in from.
    expect(third).toBe(false);
    expect(await to.take()).toBe(2);
    expect(await to.take()).toBe(4);
    await p;
    from.close();
    expect(await toArray(to)).toEqual([6]);
  });

  it("skips a value the destination's transducer rejects and goes on", async () => {
    const from = await fill([1, -1, 2]);
    from.close();
    const to = pipe(
      from,
      chan(
        4,
        map((n: number) => {
          if (n < 0) throw new Error("negative");
          return n;
        }),
        () => {},
      ),
    );
    expect(await toArray(to)).toEqual([1, 2]);
  });
});

describe("mult", () => {
  it("broadcasts to every tap and closes taps when the source closes", async () => {
    const source = chan<number>();
    const m = mult(source);
    const a = m.tap(chan<number>(10));
    const b = m.tap(chan<number>(10));
    const c = m.tap(chan<number>(10), false);
    for (const v of [1, 2, 3]) await source.put(v);
    source.close();
    expect(await toArray(a)).toEqual([1, 2, 3]);
    expect(await toArray(b)).toEqual([1, 2, 3]);
    await flush();
    expect(c.closed).toBe(false);
    expect([c.poll(), c.poll(), c.poll()]).toEqual([1, 2, 3]);
  });

  it("a slow tap holds up the source (backpressure)", async () => {
    const source = chan<number>();
    const m = mult(source);
    const fast = m.tap(chan<number>(100));
    const slow = m.tap(chan<number>(1));
    expect(await source.put(1)).toBe(true); // taken by mult, delivered to both
    expect(await source.put(2)).toBe(true); // taken by mult; slow is full, so mult waits
    let third = false;
    const p = source.put(3).then(() => {
      third = true;
    });
    await flush();
    expect(third).toBe(false);
    expect(fast.poll()).toBe(1);
    expect(fast.poll()).toBe(2);
    expect(fast.poll()).toBeUndefined();
    expect(await slow.take()).toBe(1);
    await p;
    expect(third).toBe(true);
    expect(await slow.take()).toBe(2);
  });

  it("a sliding tap keeps up by dropping, without holding up the others", async () => {
    const source = chan<number>();
    const m = mult(source);
    const all = m.tap(chan<number>(100));
    const latest = m.tap(chan<number>(sliding(1)));
    for (let i = 0; i < 50; i++) await source.put(i);
    source.close();
    expect((await toArray(all)).length).toBe(50);
    expect(await toArray(latest)).toEqual([49]);
  });

  it("untap, untapAll, removal of closed taps, and dropping with no taps", async () => {
    const source = chan<number>();
    const m = mult(source);
    // Each put resolves when mult has taken the value; flush lets it hand the value to the taps.
    const send = async (v: number) => {
      await source.put(v);
      await flush();
    };
    await send(0); // no taps: dropped
    const a = m.tap(chan<number>(10));
    const b = m.tap(chan<number>(10));
    const closed = m.tap(chan<number>(10));
    closed.close();
    await send(1);
    m.untap(b);
    await send(2);
    m.untapAll();
    await send(3);
    const d = m.tap(chan<number>(dropping(1)));
    const failing = m.tap(
      chan(
        5,
        map((n: number) => {
          if (n === 4) throw new Error("no");
          return n;
        }),
        () => {},
      ),
    );
    await send(4);
    await send(5);
    source.close();
    await flush();
    expect([a.poll(), a.poll(), a.poll()]).toEqual([1, 2, undefined]);
    expect([b.poll(), b.poll()]).toEqual([1, undefined]);
    expect(a.closed || b.closed).toBe(false);
    expect(await toArray(d)).toEqual([4]);
    expect(await toArray(failing)).toEqual([5]);
  });
});

describe("split", () => {
  it("routes by predicate and closes both sides when the source closes", async () => {
    const source = await fill([1, 2, 3, 4, 5]);
    source.close();
    const [odd, even] = split((n: number) => n % 2 === 1, source, 10, 10);
    expect(await toArray(odd)).toEqual([1, 3, 5]);
    expect(await toArray(even)).toEqual([2, 4]);
  });

  it("narrows with a type guard", async () => {
    const source = await fill<string | number>(["a", 1, "b"]);
    source.close();
    const [strings, rest] = split(
      (v: string | number): v is string => typeof v === "string",
      source,
      5,
      5,
    );
    const s: string[] = await toArray(strings);
    expect(s).toEqual(["a", "b"]);
    expect(await toArray(rest)).toEqual([1]);
  });

  it("a throwing predicate stops splitting and closes both sides", async () => {
    const source = await fill([1, 2]);
    const [yes, no] = split(
      (n: number) => {
        if (n === 2) throw new Error("bad");
        return true;
      },
      source,
      5,
      5,
    );
    expect(await toArray(yes)).toEqual([1]);
    expect(await toArray(no)).toEqual([]);
  });
});

describe("merge", () => {
  it("merges all inputs and closes when every input has closed", async () => {
    const a = chan<number>();
    const b = chan<number>();
    const out = merge([a, b], 10);
    await a.put(1);
    await b.put(2);
    a.close();
    await a.put(3);
    await b.put(4);
    await flush();
    expect(out.closed).toBe(false);
    b.close();
    const got = await toArray(out);
    expect(got.sort()).toEqual([1, 2, 4]);
    expect(out.closed).toBe(true);
  });

  it("keeps per-input order", async () => {
    const a = await fill([1, 2, 3]);
    const b = await fill([10, 20, 30]);
    a.close();
    b.close();
    const got = await toArray(merge([a, b]));
    expect(got.filter((n) => n < 10)).toEqual([1, 2, 3]);
    expect(got.filter((n) => n >= 10)).toEqual([10, 20, 30]);
  });

  it("closes at once for no inputs; stops reading when the output is closed", async () => {
    expect(await toArray(merge([]))).toEqual([]);
    const a = chan<number>(5);
    const out = merge([a]);
    out.close();
    await a.put(1);
    await a.put(2);
    await flush();
    // One value was taken and dropped (the output was closed), the rest stays.
    expect(a.poll()).toBe(2);
  });
});

describe("timeout", () => {
  it("closes after the delay and carries no value", async () => {
    const t = timeout(1);
    expect(t.closed).toBe(false);
    expect(await t.take()).toBeUndefined();
    expect(t.closed).toBe(true);
  });

  it("rejects bad delays", () => {
    expect(() => timeout(-1)).toThrow(InvalidArgumentError);
    expect(() => timeout(Number.POSITIVE_INFINITY)).toThrow(InvalidArgumentError);
  });
});

describe("a source whose take rejects", () => {
  /** A channel-shaped source that yields its values, then rejects (e.g. a session that failed). */
  function failingSource<T>(values: T[]): ReadPort<T> {
    let i = 0;
    return {
      take: () =>
        i < values.length ? Promise.resolve(values[i++]) : Promise.reject(new Error("broken")),
    };
  }

  it("ends pipe, merge, split and mult as if it had closed, with no unhandled rejection", async () => {
    expect(await toArray(pipe(failingSource([1, 2]), chan<number>(4)))).toEqual([1, 2]);
    expect(await toArray(merge([failingSource([3])], 4))).toEqual([3]);
    const [yes, no] = split((n: number) => n > 0, failingSource([1, -1]), 4, 4);
    expect([await toArray(yes), await toArray(no)]).toEqual([[1], [-1]]);
    const m = mult(failingSource([5]));
    const tap = m.tap(chan<number>(4));
    expect(await toArray(tap)).toEqual([5]);
  });
});

describe("merge typing", () => {
  it("merges channels of different types into a channel of the union", async () => {
    const a = await fill([1]);
    const b = await fill(["x"]);
    a.close();
    b.close();
    const out = merge([a, b]);
    expectTypeOf(out).toEqualTypeOf<Channel<number | string>>();
    expect((await toArray(out)).sort()).toEqual([1, "x"]);
  });
});
