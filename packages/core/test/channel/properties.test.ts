import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  alts,
  type ChannelBuffer,
  chan,
  dropping,
  filter,
  fixed,
  sliding,
} from "../../src/channel/index.js";
import { RingQueue } from "../../src/channel/queue.js";

/** A buffer operation: add the next number, or remove one. */
const bufferOps = fc.array(fc.oneof(fc.constant("add" as const), fc.constant("remove" as const)), {
  maxLength: 300,
});

/** Runs ops against a buffer and a reference model, checking they agree at every step. */
function runAgainstModel(
  make: (n: number) => ChannelBuffer<number>,
  modelAdd: (model: number[], value: number, n: number) => void,
) {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 12 }), bufferOps, (n, ops) => {
      const buf = make(n);
      const model: number[] = [];
      let next = 0;
      for (const op of ops) {
        if (op === "add") {
          // A channel only adds to a fixed buffer when it is not full.
          if (buf.kind === "fixed" && buf.full) continue;
          buf.add(next);
          modelAdd(model, next, n);
          next++;
        } else {
          expect(buf.remove()).toBe(model.shift());
        }
        expect(buf.count).toBe(model.length);
        expect(buf.count).toBeLessThanOrEqual(n);
        expect(buf.full).toBe(buf.kind === "fixed" && model.length >= n);
      }
    }),
  );
}

describe("buffer invariants (property-based)", () => {
  it("fixed(n) never holds more than n and is FIFO", () => {
    runAgainstModel(fixed, (model, v) => model.push(v));
  });

  it("sliding(n) keeps the last n values", () => {
    runAgainstModel(sliding, (model, v, n) => {
      if (model.length >= n) model.shift();
      model.push(v);
    });
  });

  it("dropping(n) keeps the first n values", () => {
    runAgainstModel(dropping, (model, v, n) => {
      if (model.length < n) model.push(v);
    });
  });

  it("sliding(n) after k adds holds exactly the last min(n, k)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer(), { maxLength: 100 }),
        (n, values) => {
          const buf = sliding<number>(n);
          for (const v of values) buf.add(v);
          const held: number[] = [];
          for (let v = buf.remove(); v !== undefined; v = buf.remove()) held.push(v);
          expect(held).toEqual(values.slice(Math.max(0, values.length - n)));
        },
      ),
    );
  });

  it("dropping(n) after k adds holds exactly the first min(n, k)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer(), { maxLength: 100 }),
        (n, values) => {
          const buf = dropping<number>(n);
          for (const v of values) buf.add(v);
          const held: number[] = [];
          for (let v = buf.remove(); v !== undefined; v = buf.remove()) held.push(v);
          expect(held).toEqual(values.slice(0, n));
        },
      ),
    );
  });

  it("the ring queue behaves like an array queue (push, shift, peek, retain, growth)", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("push" as const), value: fc.integer() }),
      fc.record({ kind: fc.constant("shift" as const) }),
      fc.record({ kind: fc.constant("retainEven" as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const q = new RingQueue<number>(1);
        let model: number[] = [];
        for (const o of ops) {
          if (o.kind === "push") {
            q.push(o.value);
            model.push(o.value);
          } else if (o.kind === "shift") {
            expect(q.shift()).toBe(model.shift());
          } else {
            q.retain((v) => v % 2 === 0);
            model = model.filter((v) => v % 2 === 0);
          }
          expect(q.length).toBe(model.length);
          expect(q.peek()).toBe(model[0]);
        }
        expect(q.drain()).toEqual(model);
      }),
    );
  });
});

type Cmd =
  | { kind: "put" }
  | { kind: "take" }
  | { kind: "poll" }
  | { kind: "offer" }
  | { kind: "tick" }
  | { kind: "close" };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ kind: "put" } as const) },
  { weight: 4, arbitrary: fc.constant({ kind: "take" } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: "poll" } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: "offer" } as const) },
  { weight: 2, arbitrary: fc.constant({ kind: "tick" } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: "close" } as const) },
);

const bufferSpec = fc.oneof(
  fc.constant({ kind: "none" } as const),
  fc.record({ kind: fc.constant("fixed" as const), n: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant("sliding" as const), n: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant("dropping" as const), n: fc.integer({ min: 1, max: 5 }) }),
);

describe("channel delivery (property-based)", () => {
  it("a random interleaving of put/take/poll/offer/close delivers every accepted value exactly once, in order", async () => {
    await fc.assert(
      fc.asyncProperty(
        bufferSpec,
        fc.boolean(),
        fc.array(cmd, { maxLength: 80 }),
        async (spec, withXf, cmds) => {
          // With a transducer, multiples of 3 are accepted but filtered out.
          const keepIt = (n: number) => n % 3 !== 0;
          const buf =
            spec.kind === "none"
              ? undefined
              : spec.kind === "fixed"
                ? fixed<number>(spec.n)
                : spec.kind === "sliding"
                  ? sliding<number>(spec.n)
                  : dropping<number>(spec.n);
          const ch = withXf ? chan(buf, filter(keepIt)) : chan<number>(buf);
          const puts: { value: number; accepted: Promise<boolean> | boolean }[] = [];
          const takes: (Promise<number | undefined> | number | undefined)[] = [];
          let next = 0;
          for (const c of cmds) {
            switch (c.kind) {
              case "put":
                puts.push({ value: next, accepted: ch.put(next) });
                next++;
                break;
              case "offer":
                puts.push({ value: next, accepted: ch.offer(next) });
                next++;
                break;
              case "take":
                takes.push(ch.take());
                break;
              case "poll":
                takes.push(ch.poll());
                break;
              case "tick":
                await Promise.resolve();
                break;
              case "close":
                ch.close();
                break;
            }
          }
          ch.close();
          const taken = (await Promise.all(takes)).filter((v): v is number => v !== undefined);
          for (let v = await ch.take(); v !== undefined; v = await ch.take()) taken.push(v);
          const accepted: number[] = [];
          for (const p of puts) if (await p.accepted) accepted.push(p.value);
          // Takes resolve in the order they were made, so `taken` is the delivery order.
          const expected = withXf ? accepted.filter(keepIt) : accepted;
          if (spec.kind === "none" || spec.kind === "fixed") {
            expect(taken).toEqual(expected);
          } else {
            // Sliding and dropping accept everything but may drop: what arrives is an in-order
            // subsequence of what was accepted, each value at most once.
            let i = 0;
            for (const v of taken) {
              while (i < expected.length && expected[i] !== v) i++;
              expect(i).toBeLessThan(expected.length);
              i++;
            }
          }
          expect(await ch.take()).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("alts (property-based)", () => {
  it("every accepted value is received exactly once, whether by alts or by a plain take", async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("put" as const), ch: fc.nat(2) }),
      fc.record({ kind: fc.constant("take" as const), ch: fc.nat(2) }),
      fc.record({
        kind: fc.constant("alts" as const),
        chs: fc.uniqueArray(fc.nat(2), { minLength: 1, maxLength: 3 }),
        priority: fc.boolean(),
        withDefault: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant("altsPut" as const),
        ch: fc.nat(2),
        other: fc.nat(2),
      }),
      fc.constant({ kind: "tick" as const }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }),
        fc.array(op, { maxLength: 60 }),
        async (sizes, ops) => {
          const chs = sizes.map((n) => chan<number>(n));
          const puts: { value: number; accepted: Promise<boolean> }[] = [];
          const received: Promise<number | undefined>[] = [];
          let next = 0;
          for (const o of ops) {
            if (o.kind === "put") {
              puts.push({ value: next, accepted: (chs[o.ch] as (typeof chs)[number]).put(next) });
              next++;
            } else if (o.kind === "take") {
              received.push((chs[o.ch] as (typeof chs)[number]).take());
            } else if (o.kind === "alts") {
              const r = alts(
                o.chs.map((i) => chs[i] as (typeof chs)[number]),
                o.withDefault ? { default: -1, priority: o.priority } : { priority: o.priority },
              );
              received.push(r.then((x) => (x.kind === "take" ? x.value : undefined)));
            } else if (o.kind === "altsPut") {
              const value = next++;
              const target = chs[o.ch] as (typeof chs)[number];
              const other = chs[
                o.other === o.ch ? (o.ch + 1) % 3 : o.other
              ] as (typeof chs)[number];
              const r = alts([[target, value], other]);
              puts.push({
                value,
                accepted: r.then((x) => x.kind === "put" && x.port === target && x.value),
              });
              received.push(r.then((x) => (x.kind === "take" ? x.value : undefined)));
            } else {
              await Promise.resolve();
            }
          }
          for (const ch of chs) ch.close();
          const got = (await Promise.all(received)).filter((v): v is number => v !== undefined);
          for (const ch of chs)
            for (let v = await ch.take(); v !== undefined; v = await ch.take()) got.push(v);
          const accepted: number[] = [];
          for (const p of puts) if (await p.accepted) accepted.push(p.value);
          expect(got.sort((a, b) => a - b)).toEqual(accepted.sort((a, b) => a - b));
        },
      ),
      { numRuns: 300 },
    );
  });
});
