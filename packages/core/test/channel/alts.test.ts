import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type AltsResult,
  alts,
  type Channel,
  chan,
  map,
  TooManyPendingPutsError,
  TooManyPendingTakesError,
  timeout,
} from "../../src/channel/index.js";
import { InvalidArgumentError } from "../../src/errors.js";

describe("alts", () => {
  it("takes from the one ready channel", async () => {
    const a = chan<number>(1);
    const b = chan<number>(1);
    await b.put(2);
    const r = await alts([a, b]);
    expectTypeOf(r).toEqualTypeOf<AltsResult<Channel<number>>>();
    expect(r).toEqual({ kind: "take", port: b, value: 2 });
    // The loser was not touched.
    expect(a.poll()).toBeUndefined();
  });

  it("returns the default at once when nothing is ready", async () => {
    const a = chan<number>();
    const r = await alts([a], { default: "none" as const });
    expect(r).toEqual({ kind: "default", port: "default", value: "none" });
    // No take was left behind: a later put still waits.
    expect(a.offer(1)).toBe(false);
  });

  it("ignores the default when a port is ready", async () => {
    const a = chan<number>(1);
    await a.put(1);
    expect(await alts([a], { default: 0 })).toMatchObject({ kind: "take", value: 1 });
  });

  it("picks randomly among several ready ports; both are observed over many runs", async () => {
    const a = chan<string>(1);
    const b = chan<string>(1);
    const seen = new Set<string>();
    for (let i = 0; i < 200 && seen.size < 2; i++) {
      a.offer("a");
      b.offer("b");
      const r = await alts([a, b]);
      seen.add(r.value as string);
      a.poll();
      b.poll();
    }
    expect(seen).toEqual(new Set(["a", "b"]));
  });

  it("with priority takes the first ready port in order, every time", async () => {
    const a = chan<string>(1);
    const b = chan<string>(1);
    for (let i = 0; i < 50; i++) {
      a.offer("a");
      b.offer("b");
      const r = await alts([a, b], { priority: true });
      expect(r.value).toBe("a");
      expect(b.poll()).toBe("b");
    }
  });

  it("waits, then completes exactly one; the losing take consumes no value", async () => {
    const a = chan<number>();
    const b = chan<number>();
    const r = alts([a, b]);
    expect(await b.put(2)).toBe(true);
    expect(await r).toEqual({ kind: "take", port: b, value: 2 });
    // A put on the loser must not be swallowed by the withdrawn take.
    expect(a.offer(1)).toBe(false);
    const p = a.put(1);
    expect(await a.take()).toBe(1);
    expect(await p).toBe(true);
  });

  it("puts with [channel, value]; a losing put delivers nothing", async () => {
    const a = chan<number>();
    const b = chan<string>();
    const r = alts([b, [a, 42]]);
    expect(await a.take()).toBe(42);
    expect(await r).toEqual({ kind: "put", port: a, value: true });
    // The take alternative on b lost: a put on b now waits for a real taker.
    expect(b.offer("x")).toBe(false);
  });

  it("a losing put is withdrawn", async () => {
    const a = chan<number>();
    const b = chan<number>();
    const r = alts([[a, 1], b]);
    await b.put(9);
    expect(await r).toMatchObject({ kind: "take", port: b, value: 9 });
    expect(a.poll()).toBeUndefined();
  });

  it("completes a ready put immediately", async () => {
    const a = chan<number>(1);
    expect(await alts([[a, 1]])).toEqual({ kind: "put", port: a, value: true });
    expect(a.poll()).toBe(1);
  });

  it("a take from a closed channel completes with undefined; a put to it with false", async () => {
    const a = chan<number>();
    a.close();
    expect(await alts([a])).toEqual({ kind: "take", port: a, value: undefined });
    expect(await alts([[a, 1]])).toEqual({ kind: "put", port: a, value: false });
  });

  it("a waiting alts completes when a channel closes", async () => {
    const a = chan<number>();
    const b = chan<number>();
    const r = alts([a, [b, 1]]);
    b.close();
    expect(await r).toEqual({ kind: "put", port: b, value: false });
    const r2 = alts([a]);
    a.close();
    expect(await r2).toEqual({ kind: "take", port: a, value: undefined });
  });

  it("works with timeout as a deadline", async () => {
    const events = chan<string>();
    const deadline = timeout(5);
    const r = await alts([events, deadline]);
    expect(r).toEqual({ kind: "take", port: deadline, value: undefined });
    expect(events.offer("late")).toBe(false);
  });

  it("rejects for an empty port list, a null put, and a transducer error", async () => {
    await expect(alts([])).rejects.toThrow(InvalidArgumentError);
    const same = chan<number>();
    await expect(alts([same, [same, 1]])).rejects.toThrow(/only once/);
    await expect(alts([same, same])).rejects.toThrow(InvalidArgumentError);
    const a = chan<number | null>(1);
    await expect(alts([[a, null]])).rejects.toThrow(InvalidArgumentError);
    const boom = new Error("boom");
    const b = chan(
      1,
      map((n: number) => {
        if (n < 0) throw boom;
        return n;
      }),
    );
    await expect(alts([[b, -1]])).rejects.toBe(boom);
    await b.put(1);
    const pending = alts([[b, -1]]);
    expect(await b.take()).toBe(1);
    await expect(pending).rejects.toBe(boom);
  });

  it("rejects past a channel's pending bound", async () => {
    const a = chan<number>(undefined, undefined, undefined, { maxPendingTakes: 1 });
    const first = a.take();
    await expect(alts([a])).rejects.toBeInstanceOf(TooManyPendingTakesError);
    const b = chan<number>(undefined, undefined, undefined, { maxPendingPuts: 1 });
    const waiting = b.put(1);
    await expect(alts([[b, 2]])).rejects.toBeInstanceOf(TooManyPendingPutsError);
    a.close();
    b.close();
    expect(await first).toBeUndefined();
    expect(await waiting).toBe(false);
  });

  it("withdrawn alternatives do not pile up on a channel (swept), so the bound holds", async () => {
    const quiet = chan<number>(undefined, undefined, undefined, { maxPendingTakes: 4 });
    const ready: Channel<number> = chan<number>(1);
    for (let i = 0; i < 300; i++) {
      const r = alts([quiet, ready], { priority: true });
      await ready.put(i);
      expect((await r).port).toBe(ready);
    }
    // Only live takes count against the bound.
    const t = quiet.take();
    quiet.close();
    expect(await t).toBeUndefined();
  });
});

describe("alts typing", () => {
  it("infers the taken value and the put channels from the ports; checks put values", () => {
    const a = chan<number>();
    const b = chan<string>();
    const c = chan(
      1,
      map((n: number) => String(n)),
    );
    // Closures, not calls: these only exercise the types.
    const withDefault = () => alts([a, b, timeout(1)], { default: 0 as const });
    type R1 = Awaited<ReturnType<typeof withDefault>>;
    expectTypeOf<R1["value"]>().toEqualTypeOf<number | string | undefined | boolean | 0>();
    const mixed = () => alts([a, [b, "x"], [c, 1]]);
    type R2 = Awaited<ReturnType<typeof mixed>>;
    expectTypeOf<Extract<R2, { kind: "take" }>["value"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Extract<R2, { kind: "put" }>["port"]>().toEqualTypeOf<typeof b | typeof c>();
    // @ts-expect-error a number cannot be put on a string channel
    const wrong = () => alts([[b, 1]]);
    // @ts-expect-error c accepts numbers (its transducer maps them to strings)
    const wrong2 = () => alts([[c, "s"]]);
    const list: Channel<number>[] = [a];
    const fromArray = () => alts(list);
    type R3 = Awaited<ReturnType<typeof fromArray>>;
    expectTypeOf<R3["value"]>().toEqualTypeOf<number | undefined | boolean>();
    expect([wrong, wrong2].length).toBe(2);
  });
});
