import { type CloseReason, MalformedServerFrameError, type SessionEvent } from "@echo/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import { connect, MessageTooBigError, ReconnectFailedError } from "../src/index.js";
import { type RawServer, startRawServer } from "./helpers/raw-server.js";

// The other half of the client fuzz: a hostile or broken server. Each run scripts what the
// server sends on one connection (good events, malformed frames, binary, deep nesting, a frame
// over maxPayload) and how it ends; the client must deliver exactly the good events, report each
// malformed one to onError, and close with the reason the close code maps to, secrets redacted.
// Reproduce with ECHO_FUZZ_SEED=<seed> (fast-check prints seed and path on failure).
const SEED = Number(process.env.ECHO_FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.ECHO_FUZZ_RUNS ?? 15);
const KEY = "sk-test-fuzz-server-SECRET";
const MAX_PAYLOAD = 64 * 1024;

type Frame =
  | { kind: "good"; n: number }
  | { kind: "malformed"; text: string }
  | { kind: "binary" }
  | { kind: "deep"; depth: number };
type Ending =
  | { kind: "close"; code: number; reason: string }
  | { kind: "drop" }
  | { kind: "too_big" };

const frame: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 4, arbitrary: fc.nat(1000).map((n) => ({ kind: "good" as const, n })) },
  {
    weight: 3,
    arbitrary: fc
      .oneof(
        fc.constantFrom("", "{", "null", "[]", "42", '"x"', '{"type":5}', "{}", `{"k":"${KEY}"`),
        fc.string({ maxLength: 40 }).filter((s) => {
          try {
            const v: unknown = JSON.parse(s);
            return typeof (v as { type?: unknown } | null)?.type !== "string";
          } catch {
            return true;
          }
        }),
      )
      .map((text) => ({ kind: "malformed" as const, text })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "binary" as const }) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1000, max: 20_000 })
      .map((depth) => ({ kind: "deep" as const, depth })),
  },
);
const ending: fc.Arbitrary<Ending> = fc.oneof(
  fc.record({
    kind: fc.constant("close" as const),
    code: fc.constantFrom(1000, 1001, 1008, 1011, 1012, 3000, 4000, 4001, 4999),
    reason: fc.constantFrom("", "bye", `Incorrect API key provided: ${KEY}`, "x".repeat(120)),
  }),
  fc.constant({ kind: "drop" as const }),
  fc.constant({ kind: "too_big" as const }),
);

function expectedKind(end: Ending): CloseReason["kind"] {
  if (end.kind === "drop") return "network";
  if (end.kind === "too_big") return "error";
  return end.code === 3000
    ? "auth"
    : end.code === 4000
      ? "bad_request"
      : end.code === 1001
        ? "expired"
        : "server";
}

let server: RawServer;
let script: { frames: Frame[]; end: Ending } = { frames: [], end: { kind: "drop" } };

function play(ws: WebSocket, s: typeof script): void {
  for (const f of s.frames) {
    if (f.kind === "good") ws.send(JSON.stringify({ type: "fuzz.event", n: f.n }));
    else if (f.kind === "malformed") ws.send(f.text);
    else if (f.kind === "binary") ws.send(Buffer.from([1, 2, 3]));
    else ws.send(`${"[".repeat(f.depth)}${"]".repeat(f.depth)}`);
  }
  const end = s.end;
  if (end.kind === "drop") setTimeout(() => ws.terminate(), 5);
  else if (end.kind === "too_big") ws.send("x".repeat(MAX_PAYLOAD + 1));
  else ws.close(end.code, end.reason);
}

beforeAll(async () => {
  server = await startRawServer({ onConnection: (c) => play(c.socket, script) });
});

afterAll(async () => {
  await server?.close();
});

describe("client fuzz: a hostile server", () => {
  it("good events arrive in order, each malformed frame is one onError, the close reason is right and redacted", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { maxLength: 20 }), ending, async (frames, end) => {
        script = { frames, end };
        const errors: unknown[] = [];
        const session = await connect({
          apiKey: KEY,
          url: server.url,
          heartbeat: false,
          maxPayload: MAX_PAYLOAD,
          onError: (e) => errors.push(e),
        });
        const seen: SessionEvent[] = [];
        for await (const ev of session) seen.push(ev);
        const reason = await session.closed;
        const good = frames.flatMap((f) => (f.kind === "good" ? [f.n] : []));
        expect(seen.map((e) => (e as unknown as { n: number }).n)).toEqual(good);
        const malformed = frames.filter((f) => f.kind === "malformed" || f.kind === "deep").length;
        expect(errors).toHaveLength(malformed);
        for (const e of errors) {
          expect(e).toBeInstanceOf(MalformedServerFrameError);
          expect((e as Error).message).not.toContain("SECRET");
        }
        expect(reason.kind).toBe(expectedKind(end));
        if (end.kind === "too_big" && reason.kind === "error") {
          expect(reason.error).toBeInstanceOf(MessageTooBigError);
        }
        if (end.kind === "close" && "code" in reason) expect(reason.code).toBe(end.code);
        expect(JSON.stringify(reason)).not.toContain("SECRET");
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 60_000);

  it("with reconnect on, a server that fails every connection the same way ends in ReconnectFailedError after maxAttempts", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { maxLength: 6 }), ending, async (frames, end) => {
        script = { frames, end };
        const before = server.connections.length;
        const session = await connect({
          apiKey: KEY,
          url: server.url,
          heartbeat: false,
          maxPayload: MAX_PAYLOAD,
          onError: () => {},
          reconnect: {
            maxAttempts: 2,
            initialDelayMs: 1,
            maxDelayMs: 2,
            jitter: 0,
            stableAfterMs: 1000,
          },
        });
        const seen: SessionEvent[] = [];
        for await (const ev of session) seen.push(ev);
        const reason = await session.closed;
        const kind = expectedKind(end);
        const retried =
          kind === "network" ||
          kind === "expired" ||
          (kind === "server" && end.kind === "close" && end.code !== 1000);
        const connections = server.connections.length - before;
        if (retried) {
          expect(connections).toBe(3);
          expect(reason.kind).toBe("network");
          if (reason.kind === "network") expect(reason.error).toBeInstanceOf(ReconnectFailedError);
          const attempts = seen.flatMap((e) =>
            e.type === "transport.reconnecting" ? [e.attempt] : [],
          );
          expect(attempts).toEqual([1, 2]);
        } else {
          expect(connections).toBe(1);
          expect(reason.kind).toBe(kind);
        }
        const good = frames.filter((f) => f.kind === "good").length;
        expect(seen.filter((e) => (e.type as string) === "fuzz.event")).toHaveLength(
          good * connections,
        );
      }),
      { seed: SEED + 1, numRuns: RUNS, endOnFailure: true },
    );
  }, 60_000);
});
