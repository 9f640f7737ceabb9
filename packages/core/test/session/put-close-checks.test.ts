import { describe, expect, it } from "vitest";
import { EchoUsageError } from "../../src/errors.js";
import type { ClientEvent } from "../../src/events/index.js";
import {
  openSession,
  SessionClosedError,
  type Transport,
  type TransportHandlers,
  UnserializableEventError,
} from "../../src/session/index.js";
import { REDACTED } from "../../src/shared/index.js";
import { createFakeTransport } from "../../src/testing/index.js";

const clear: ClientEvent = { type: "input_audio_buffer.clear" };

describe("put() refuses what is not an event object", () => {
  it("arrays, Dates, a toJSON that returns a non-object, a non-string type: usage errors, nothing sent", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    const bad: unknown[] = [
      [],
      [{ type: "response.create" }],
      new Date(0),
      { type: "response.create", toJSON: () => "response.create" },
      { toJSON: () => [1] },
      { type: 42 },
      {},
    ];
    for (const value of bad) {
      const err = await session.put(value as ClientEvent).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnserializableEventError);
      expect(err).toBeInstanceOf(EchoUsageError);
      expect((err as Error).message).toMatch(/object with a string `type`/);
    }
    expect(t.sent).toEqual([]);
    await session.put(clear);
    expect(t.sent).toEqual([JSON.stringify(clear)]);
  });

  it("an event whose `type` getter throws rejects the put, never throws synchronously", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    const boom = new Error("getter boom");
    const hostile = {
      get type(): string {
        throw boom;
      },
    } as unknown as ClientEvent;
    let put: Promise<void> | undefined;
    expect(() => {
      put = session.put(hostile);
    }).not.toThrow();
    const err = await put?.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnserializableEventError);
    expect((err as Error).cause).toBe(boom);
    expect(t.sent).toEqual([]);
  });
});

describe("close() checks its arguments before anything changes", () => {
  it("rejects codes the protocol forbids and reasons over 123 bytes; the session stays open", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    let closed = false;
    void session.closed.then(() => {
      closed = true;
    });
    for (const [code, reason] of [
      [1005, ""],
      [1006, ""],
      [2999, ""],
      [5000, ""],
      [1001, ""],
      [1000.5, ""],
      [1000, "é".repeat(62)],
    ] as const) {
      const err = await session.close(code, reason).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EchoUsageError);
      expect((err as EchoUsageError).code).toBe("invalid_close");
      expect((err as Error).message).toMatch(
        /1000 \(normal\) or a code from 3000 to 4999|123 bytes/,
      );
    }
    expect(t.closeCalls).toEqual([]);
    expect(t.state.status).toBe("open");
    await session.put(clear);
    expect(t.sent).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(closed).toBe(false);
    // The longest allowed reason (123 bytes) and a private code are fine.
    expect(await session.close(4999, `${"é".repeat(61)}x`)).toMatchObject({ kind: "client" });
  });

  it("a transport that refuses the close as a usage error leaves the session open", async () => {
    const t = createFakeTransport();
    const refusal = new EchoUsageError("bad_close", "this transport refuses that close");
    const session = await openSession({
      open: (h, s) => t.open(h, s),
      send: (d) => t.send(d),
      close: () => Promise.reject(refusal),
    } satisfies Transport);
    await expect(session.close(4000, "x")).rejects.toBe(refusal);
    await session.put(clear);
    expect(t.sent).toHaveLength(1);
  });
});

describe("close reasons carry no secrets", () => {
  it("a key reflected in a server close reason is redacted in closed and SessionClosedError", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    t.serverClose(3000, "Incorrect API key provided: sk-proj-LEAKED123");
    const reason = await session.closed;
    expect(reason).toEqual({
      kind: "auth",
      code: 3000,
      reason: `Incorrect API key provided: sk-${REDACTED}`,
    });
    const err = (await session.put(clear).catch((e: unknown) => e)) as SessionClosedError;
    expect(err).toBeInstanceOf(SessionClosedError);
    expect(err.message).not.toContain("LEAKED123");
    expect(err.reason).toBe(reason);
  });

  it("also in a network reason and in a client's own close reason", async () => {
    const t = createFakeTransport();
    const s1 = await openSession(t);
    t.fail({ kind: "network", code: null, reason: "reset by ek_LEAKED456" });
    expect(JSON.stringify(await s1.closed)).not.toContain("LEAKED456");
    const s2 = await openSession(createFakeTransport());
    const mine = await s2.close(1000, "bye sk-LEAKED789");
    expect(mine).toEqual({ kind: "client", code: 1000, reason: `bye sk-${REDACTED}` });
  });
});

describe("a put the transport took is not reported as failed", () => {
  it("the socket closes right after accepting the frame: the put resolves, later ones reject", async () => {
    let handlers: TransportHandlers | undefined;
    const sent: string[] = [];
    const session = await openSession({
      async open(h) {
        handlers = h;
      },
      send(data) {
        sent.push(data);
        // The connection drops in the same turn, after the frame was handed over.
        handlers?.closed({ kind: "network", code: null, reason: "reset" });
        return Promise.resolve();
      },
      async close() {},
    });
    await expect(session.put(clear)).resolves.toBeUndefined();
    expect(sent).toHaveLength(1);
    await expect(session.put(clear)).rejects.toBeInstanceOf(SessionClosedError);
    expect(sent).toHaveLength(1);
  });

  it("a send still waiting when the session closes rejects its put (it never hangs)", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    t.holdSends();
    const waiting = session.put(clear);
    await Promise.resolve();
    t.fail({ kind: "network", code: null, reason: "reset" });
    await expect(waiting).rejects.toBeInstanceOf(SessionClosedError);
  });
});
