import { type ClientEvent, EchoError, type Session } from "@echo/core";
import { takeUntil } from "@echo/core/testing";
import { type MockServer, startMockServer } from "@echo/mock-server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../src/index.js";

// Reproduce a failure with the seed (and path) fast-check puts in the failure message:
// ECHO_FUZZ_SEED=<seed> pnpm --filter @echo/transport-ws test client-fuzz
const SEED = Number(process.env.ECHO_FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.ECHO_FUZZ_RUNS ?? 15);
const KEY = "sk-test-fuzz-SECRET";

type Action =
  | { kind: "put"; event: ClientEvent }
  | { kind: "bad"; label: string; make: () => unknown }
  | { kind: "close"; code: number; reason: string; wait: boolean }
  | { kind: "abort" }
  | { kind: "pause"; ms: number };

const goodEvent = fc.constantFrom<ClientEvent>(
  { type: "session.update", session: { type: "realtime", output_modalities: ["text"] } },
  { type: "input_audio_buffer.append", audio: Buffer.alloc(960).toString("base64") },
  { type: "input_audio_buffer.clear" },
  {
    type: "conversation.item.create",
    item: { type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] },
  },
  { type: "response.cancel" },
);

function cyclic(): unknown {
  const ev: Record<string, unknown> = { type: "session.update" };
  ev.session = ev;
  return ev;
}

const badEvent = fc.constantFrom<{ label: string; make: () => unknown }>(
  { label: "[]", make: () => [] },
  { label: "[event]", make: () => [{ type: "response.create" }] },
  { label: "Date", make: () => new Date(0) },
  { label: "toJSON string", make: () => ({ type: "response.create", toJSON: () => "x" }) },
  { label: "number", make: () => 42 },
  { label: "null", make: () => null },
  { label: "undefined", make: () => undefined },
  { label: "type 5", make: () => ({ type: 5 }) },
  { label: "no type", make: () => ({ session: {} }) },
  {
    label: "throwing type getter",
    make: () => ({
      get type(): string {
        throw new Error("getter");
      },
    }),
  },
  { label: "BigInt", make: () => ({ type: "response.create", response: { n: 1n } }) },
  { label: "cycle", make: cyclic },
);

const closeCode = fc.oneof(
  fc.constantFrom(1000, 1001, 1005, 1006, 1011, 2999, 3000, 4000, 4999, 5000, -1, 1000.5),
  fc.integer({ min: 0, max: 6000 }),
);
const closeReason = fc.oneof(
  fc.constant(""),
  fc.string({ maxLength: 130 }),
  fc.constantFrom("é".repeat(61), "é".repeat(62), "x".repeat(123), "x".repeat(124), `key ${KEY}`),
);

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: goodEvent.map((event) => ({ kind: "put" as const, event })) },
  { weight: 3, arbitrary: badEvent.map((b) => ({ kind: "bad" as const, ...b })) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("close" as const),
      code: closeCode,
      reason: closeReason,
      wait: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "abort" as const }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0, max: 5 }).map((ms) => ({ kind: "pause" as const, ms })),
  },
);

function validClose(code: number, reason: string): boolean {
  const okCode = Number.isInteger(code) && (code === 1000 || (code >= 3000 && code <= 4999));
  return okCode && new TextEncoder().encode(reason).length <= 123;
}

/** Polls `check` until it holds or `ms` pass; returns whether it held. */
async function eventually(check: () => boolean, ms = 2000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

/** Settles within `ms` or fails: nothing the client does may hang. */
function bounded<T>(p: Promise<T>, what: string, ms = 5000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not settle in ${ms} ms`)), ms);
    }),
  ]);
}

function expectClearError(error: unknown, what: string): asserts error is EchoError {
  expect(error, what).toBeInstanceOf(EchoError);
  const e = error as EchoError;
  expect(e.message.length, what).toBeGreaterThan(30);
  expect(e.message, what).not.toContain("SECRET");
}

let mock: MockServer;
let bystander: Session;

beforeAll(async () => {
  mock = await startMockServer();
  bystander = await connect({ url: mock.url, apiKey: KEY, heartbeat: false });
  await takeUntil(bystander, "session.created");
});

afterAll(async () => {
  await bystander?.close();
  await mock?.close();
});

describe("client fuzz: random events and close calls against the mock server", () => {
  it("every put and close settles with a result or a clear error; nothing bad is sent; no lie about closed; a bystander session is untouched", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 14 }), async (actions) => {
        const framesBefore = mock.metrics.framesReceived;
        const abort = new AbortController();
        const session = await connect({
          url: mock.url,
          apiKey: KEY,
          heartbeat: { intervalMs: 50, timeoutMs: 1000 },
          signal: abort.signal,
        });
        let closedReported = false;
        void session.closed.then(() => {
          closedReported = true;
        });
        // Drain incoming events so the session never overflows.
        const reading = (async () => {
          for await (const _ of session);
        })();
        let sent = 0;
        let closedByUs = false;
        let aborted = false;
        const puts: Promise<void>[] = [];
        for (const a of actions) {
          if (a.kind === "abort") {
            if (!closedByUs) aborted = true;
            closedByUs = true;
            abort.abort(new Error("fuzz abort"));
          } else if (a.kind === "pause") {
            await new Promise((r) => setTimeout(r, a.ms));
          } else if (a.kind === "put") {
            const p = session.put(a.event);
            puts.push(
              p.then(
                () => {
                  sent++;
                },
                (error: unknown) => {
                  // A good event only fails once the session is closed.
                  expectClearError(error, `put ${a.event.type}`);
                  expect(
                    closedReported || closedByUs,
                    `put ${a.event.type} rejected while open: ${String(error)}`,
                  ).toBe(true);
                },
              ),
            );
          } else if (a.kind === "bad") {
            let p: Promise<void> | undefined;
            expect(() => {
              p = session.put(a.make() as ClientEvent);
            }, `put(${a.label}) threw synchronously`).not.toThrow();
            const error = await bounded(
              (p as Promise<void>).then(
                () => new Error(`put(${a.label}) resolved`),
                (e: unknown) => e,
              ),
              `put(${a.label})`,
            );
            expectClearError(error, `put(${a.label})`);
            expect(error.kind, `put(${a.label})`).toBe("usage");
          } else {
            const valid = validClose(a.code, a.reason);
            const wasClosed = closedByUs;
            // Puts still queued are refused from the moment a valid close starts.
            if (valid) closedByUs = true;
            const closing = session.close(a.code, a.reason).then(
              (reason) => ({ ok: true as const, reason }),
              (error: unknown) => ({ ok: false as const, error }),
            );
            if (!a.wait && valid) {
              // Not awaited: puts go on while it closes; it must still settle as a close.
              puts.push(
                bounded(closing, `close(${a.code}) not awaited`).then((r) => {
                  expect(r.ok, `close(${a.code}) refused`).toBe(true);
                }),
              );
              continue;
            }
            const result = await bounded(closing, `close(${a.code})`);
            if (valid) {
              expect(result.ok, `close(${a.code}) refused`).toBe(true);
            } else if (!wasClosed) {
              // Refused up front: the session must not claim to be closed.
              expect(result.ok, `close(${a.code}, ${JSON.stringify(a.reason)}) accepted`).toBe(
                false,
              );
              if (!result.ok) expectClearError(result.error, `close(${a.code})`);
              await new Promise((r) => setTimeout(r, 0));
              expect(closedReported, `close(${a.code}) reported closed`).toBe(false);
            }
            if (result.ok) expect(JSON.stringify(result.reason)).not.toContain("SECRET");
          }
        }
        await bounded(Promise.all(puts), "puts");
        await bounded(session.close(), "final close");
        if (aborted) expect((await session.closed).kind).toBe("aborted");
        await bounded(reading, "reading");
        // Exactly the frames that were accepted reached the server, and the server session ended.
        expect(await eventually(() => mock.metrics.framesReceived - framesBefore >= sent)).toBe(
          true,
        );
        expect(mock.metrics.framesReceived - framesBefore).toBe(sent);
        expect(
          await eventually(() => mock.metrics.openSessions === 1),
          "server session left open",
        ).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // The session that took no part still works.
    await bystander.put({
      type: "session.update",
      session: { type: "realtime", instructions: "still here" },
    });
    const seen = await takeUntil(bystander, "session.updated");
    expect(seen.some((e) => e.type === "error")).toBe(false);
  }, 60_000);
});
