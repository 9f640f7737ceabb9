import { describe, expect, expectTypeOf, it, vi } from "vitest";
import { filter, map, sliding } from "../../src/channel/index.js";
import { EchoFaultError, EchoUsageError, InvalidArgumentError } from "../../src/errors.js";
import type { ClientEvent, SessionEvent } from "../../src/events/index.js";
import {
  MalformedServerFrameError,
  openSession,
  SessionBackpressureError,
  SessionClosedError,
  SessionOverflowError,
  UnserializableEventError,
} from "../../src/session/index.js";
import type { LogEntry } from "../../src/shared/index.js";
import { createFakeTransport } from "../../src/testing/index.js";

const clear: ClientEvent = { type: "input_audio_buffer.clear" };

function collectLog() {
  const entries: LogEntry[] = [];
  return { entries, log: (e: LogEntry) => entries.push(e) };
}

describe("openSession", () => {
  it("sends client events as JSON, in order, and resolves puts when the transport took them", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    await session.put({ type: "response.create", event_id: "a" });
    await session.put({ type: "input_audio_buffer.commit", event_id: "b" });
    expect(t.sentEvents()).toEqual([
      { type: "response.create", event_id: "a" },
      { type: "input_audio_buffer.commit", event_id: "b" },
    ]);
  });

  it("a put waits for the transport (backpressure)", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    const gate = t.holdSends();
    let done = false;
    const put = session.put(clear).then(() => {
      done = true;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(done).toBe(false);
    expect(t.sent).toEqual([]);
    gate.release();
    await put;
    expect(done).toBe(true);
    expect(t.sent).toHaveLength(1);
  });

  it("delivers server frames in order through take and for await", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    t.receive({ type: "session.created", event_id: "e1" });
    t.receive('{"type":"response.done","event_id":"e2"}');
    expect((await session.take())?.type).toBe("session.created");
    const types: string[] = [];
    t.serverClose(1000, "bye");
    for await (const ev of session) types.push(ev.type as string);
    expect(types).toEqual(["response.done"]);
    expect(await session.take()).toBeUndefined();
    expect(await session.closed).toEqual({ kind: "server", code: 1000, reason: "bye" });
  });

  it("passes unknown server events through untouched", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    t.receive({ type: "brand.new_event", x: 1 });
    expect(await session.take()).toEqual({ type: "brand.new_event", x: 1 });
  });

  it("delivers local events from the transport", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    t.local({ type: "transport.reconnected", attempt: 1, stateRestored: false });
    expect(session.poll()).toEqual({
      type: "transport.reconnected",
      attempt: 1,
      stateRestored: false,
    });
    expect(session.poll()).toBeUndefined();
  });

  it("applies xfIn to outgoing events; a throwing xfIn rejects the put, calls onError, sends nothing, stays open", async () => {
    const t = createFakeTransport();
    const onError = vi.fn();
    const { entries, log } = collectLog();
    const boom = new Error("invalid event");
    const session = await openSession(t, {
      onError,
      log,
      xfIn: map((ev: ClientEvent) => {
        if (ev.event_id === "bad") throw boom;
        return { ...ev, event_id: `x-${ev.event_id ?? ""}` };
      }),
    });
    await expect(session.put({ ...clear, event_id: "bad" })).rejects.toBe(boom);
    expect(onError).toHaveBeenCalledWith(boom);
    expect(t.sent).toEqual([]);
    expect(
      entries.some((e) => e.level === "warn" && e.eventType === "input_audio_buffer.clear"),
    ).toBe(true);
    await session.put({ ...clear, event_id: "ok" });
    expect(t.sentEvents()).toEqual([{ type: "input_audio_buffer.clear", event_id: "x-ok" }]);
  });

  it("an xfIn that drops an event resolves the put without sending", async () => {
    const t = createFakeTransport();
    const session = await openSession(t, {
      xfIn: filter((ev: ClientEvent) => ev.type !== "response.cancel"),
    });
    await session.put({ type: "response.cancel" });
    await session.put(clear);
    expect(t.sentEvents()).toEqual([clear]);
  });

  it("an unserializable event rejects its put with UnserializableEventError", async () => {
    const t = createFakeTransport();
    const onError = vi.fn();
    const session = await openSession(t, { onError });
    const bad = {
      type: "response.create",
      response: { metadata: { n: 1n } },
    } as unknown as ClientEvent;
    const err = await session.put(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnserializableEventError);
    expect(err).toBeInstanceOf(EchoUsageError);
    expect(onError).toHaveBeenCalledWith(err);
  });

  it("rejects a put of something that is not an event object", async () => {
    const session = await openSession(createFakeTransport());
    for (const bad of [undefined, null, 42, "response.create"]) {
      await expect(session.put(bad as unknown as ClientEvent)).rejects.toBeInstanceOf(
        UnserializableEventError,
      );
    }
  });

  it("infers the event type from xfOut, and a buffer does not pin it", async () => {
    const plain = await openSession(createFakeTransport(), { bufferOut: sliding(2) });
    expectTypeOf(plain.take).returns.resolves.toEqualTypeOf<SessionEvent | undefined>();
    const types = await openSession(createFakeTransport(), {
      xfOut: map((ev: SessionEvent) => ev.type as string),
      bufferOut: sliding(2),
    });
    expectTypeOf(types.take).returns.resolves.toEqualTypeOf<string | undefined>();
  });

  it("applies xfOut to incoming events; a throwing xfOut skips the event and calls onError", async () => {
    const t = createFakeTransport();
    const onError = vi.fn();
    const session = await openSession(t, {
      onError,
      xfOut: map((ev: SessionEvent) => {
        if (ev.type === "error") throw new Error("no errors please");
        return ev.type as string;
      }),
    });
    t.receive({ type: "error", error: { type: "x", message: "m" } });
    t.receive({ type: "response.done" });
    expect(await session.take()).toBe("response.done");
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it("reports malformed server frames to onError and the log, and goes on", async () => {
    const t = createFakeTransport();
    const onError = vi.fn();
    const { entries, log } = collectLog();
    const session = await openSession(t, { onError, log });
    t.receive("not json sk-abcdefghijklmnop");
    t.receive("[1,2]");
    t.receive('{"no_type":1}');
    t.receive({ type: "response.done" });
    expect((await session.take())?.type).toBe("response.done");
    expect(onError).toHaveBeenCalledTimes(3);
    const first = onError.mock.calls[0]?.[0] as MalformedServerFrameError;
    expect(first).toBeInstanceOf(MalformedServerFrameError);
    expect(first).toBeInstanceOf(EchoFaultError);
    expect(first.message).not.toContain("abcdefghijklmnop");
    expect(JSON.stringify(entries)).not.toContain("abcdefghijklmnop");
    expect(entries.filter((e) => e.msg.includes("malformed"))).toHaveLength(3);
  });

  it("close() closes with kind client; later puts reject with SessionClosedError", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    t.receive({ type: "response.done" });
    expect(await session.close(1000, "done")).toEqual({
      kind: "client",
      code: 1000,
      reason: "done",
    });
    expect(await session.close()).toEqual({ kind: "client", code: 1000, reason: "done" });
    expect(t.closeCalls).toHaveLength(1);
    // Buffered events are still delivered after close.
    expect((await session.take())?.type).toBe("response.done");
    expect(await session.take()).toBeUndefined();
    const err = (await session.put(clear).catch((e: unknown) => e)) as SessionClosedError;
    expect(err).toBeInstanceOf(SessionClosedError);
    expect(err.kind).toBe("usage"); // this side closed it: sending now is the caller's mistake
    expect(err.code).toBe("session_closed");
    expect(err.reason).toEqual({ kind: "client", code: 1000, reason: "done" });
    expect(err.message).toMatch(/session is closed/);
    expect(err.message).toMatch(/closed by this client/);
    expect(err.message).toMatch(/open a new session/);
  });

  it("server close codes map to typed reasons", async () => {
    for (const [code, kind] of [
      [1000, "server"],
      [1001, "expired"],
      [3000, "auth"],
      [4000, "bad_request"],
      [1006, "network"],
    ] as const) {
      const t = createFakeTransport();
      const session = await openSession(t);
      t.serverClose(code, "r");
      const reason = await session.closed;
      expect(reason.kind).toBe(kind);
      const err = (await session.put(clear).catch((e: unknown) => e)) as SessionClosedError;
      expect(err.reason).toBe(reason);
      expect(err.kind).toBe("fault"); // the server ended it: not the caller's mistake
    }
  });

  it("a transport fault closes the session with its typed reason and rejects waiting puts", async () => {
    const t = createFakeTransport();
    const session = await openSession(t);
    t.holdSends();
    const waiting = session.put(clear);
    const second = session.put(clear);
    t.fail({ kind: "network", code: null, reason: "heartbeat timeout" });
    await expect(waiting).rejects.toBeInstanceOf(SessionClosedError);
    await expect(second).rejects.toBeInstanceOf(SessionClosedError);
    expect(await session.closed).toEqual({
      kind: "network",
      code: null,
      reason: "heartbeat timeout",
    });
  });

  it("a failing send rejects its put with the transport's error; the session stays open", async () => {
    const t = createFakeTransport();
    const { entries, log } = collectLog();
    const session = await openSession(t, { log });
    const fault = new EchoFaultError("send_failed", "socket buffer full");
    t.failSends(fault);
    await expect(session.put(clear)).rejects.toBe(fault);
    expect(entries.some((e) => e.level === "error")).toBe(true);
    t.failSends(undefined);
    await session.put(clear);
    expect(t.sent).toHaveLength(1);
  });

  it("bounds the puts waiting for the transport", async () => {
    const t = createFakeTransport();
    const session = await openSession(t, { bufferIn: 2 });
    const gate = t.holdSends();
    const a = session.put(clear);
    const b = session.put(clear);
    await expect(session.put(clear)).rejects.toBeInstanceOf(SessionBackpressureError);
    gate.release();
    await Promise.all([a, b]);
    expect(t.sent).toHaveLength(2);
    await expect(openSession(t, { bufferIn: 0 })).rejects.toThrow(InvalidArgumentError);
  });

  it("closes with SessionOverflowError when the reader falls too far behind", async () => {
    const t = createFakeTransport();
    const session = await openSession(t, { bufferOut: 1 });
    // A fixed buffer of 1 plus the channel's 1024 waiting puts.
    for (let i = 0; i < 1100; i++) t.receive({ type: "response.done" });
    const reason = await session.closed;
    expect(reason.kind).toBe("error");
    if (reason.kind === "error") expect(reason.error).toBeInstanceOf(SessionOverflowError);
  });

  it("a sliding bufferOut keeps the newest events and never overflows", async () => {
    const t = createFakeTransport();
    const session = await openSession(t, { bufferOut: sliding(2) });
    for (let i = 0; i < 2000; i++) t.receive({ type: "response.done", event_id: `e${i}` });
    expect(session.poll()).toMatchObject({ event_id: "e1998" });
    expect(session.poll()).toMatchObject({ event_id: "e1999" });
  });

  it("rejects with the transport's error when it cannot open", async () => {
    const t = createFakeTransport();
    const fault = new EchoFaultError("connect_failed", "refused");
    t.failOpen(fault);
    await expect(openSession(t)).rejects.toBe(fault);
  });

  it("an aborted signal rejects opening; aborting an open session closes it with kind aborted", async () => {
    const before = new AbortController();
    before.abort(new Error("nope"));
    await expect(openSession(createFakeTransport(), { signal: before.signal })).rejects.toThrow(
      "nope",
    );

    const during = new AbortController();
    const t1 = createFakeTransport();
    t1.holdOpen();
    const opening = openSession(t1, { signal: during.signal });
    during.abort(new Error("stop"));
    await expect(opening).rejects.toThrow("stop");

    const after = new AbortController();
    const t2 = createFakeTransport();
    const session = await openSession(t2, { signal: after.signal });
    after.abort("user left");
    expect(await session.closed).toEqual({ kind: "aborted", reason: "user left" });
    expect(t2.closeCalls).toHaveLength(1);
    await expect(session.put(clear)).rejects.toBeInstanceOf(SessionClosedError);
  });

  it("logs structured entries with secrets redacted, and survives a throwing logger", async () => {
    const { entries, log } = collectLog();
    const t = createFakeTransport();
    const session = await openSession(t, { log });
    t.fail({
      kind: "error",
      error: new EchoFaultError("x", "failed with key sk-proj-SECRET123456 and ek_abcdef123456"),
    });
    await session.closed;
    const text = JSON.stringify(entries);
    expect(text).not.toContain("SECRET123456");
    expect(text).not.toContain("abcdef123456");
    expect(entries.map((e) => e.msg)).toContain("session closed");

    const t3 = createFakeTransport();
    const s3 = await openSession(t3, {
      log: () => {
        throw new Error("broken logger");
      },
    });
    await s3.close();
  });

  it("a throwing onError does not break the session", async () => {
    const t = createFakeTransport();
    const session = await openSession(t, {
      onError: () => {
        throw new Error("bad handler");
      },
    });
    t.receive("garbage");
    t.receive({ type: "response.done" });
    expect((await session.take())?.type).toBe("response.done");
  });

  it("a transport that never reports its close still ends the session", async () => {
    const t = createFakeTransport();
    const session = await openSession({
      open: (h, s) => t.open(h, s),
      send: (d) => t.send(d),
      close: async () => {},
    });
    expect(await session.close(4001, "x")).toEqual({ kind: "client", code: 4001, reason: "x" });
  });
});
