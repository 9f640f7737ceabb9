import { describe, expect, it, vi } from "vitest";
import type { ServerEvent } from "../../src/events/index.js";
import { openSession } from "../../src/session/index.js";
import type { LogEntry } from "../../src/shared/index.js";
import { safeErrorHandler } from "../../src/shared/safe-handler.js";
import { audioSourceFromIterable, captureAudio, stream } from "../../src/stream/index.js";
import { createFakeSpeaker, createFakeTransport } from "../../src/testing/index.js";

const thrower = (): never => {
  throw new Error("handler bug");
};

/** The log entries saying an `onError` handler threw. */
function handlerThrew(entries: LogEntry[]) {
  return entries.filter((e) => e.msg === "onError threw");
}

describe("safeErrorHandler", () => {
  it("passes the error on, and logs (never rethrows) a throwing handler", () => {
    const seen: unknown[] = [];
    const log = vi.fn();
    safeErrorHandler((e) => seen.push(e), log)("first");
    expect(seen).toEqual(["first"]);
    expect(log).not.toHaveBeenCalled();

    const entries: LogEntry[] = [];
    expect(() => safeErrorHandler(thrower, (e) => entries.push(e))("second")).not.toThrow();
    expect(entries).toEqual([
      expect.objectContaining({ level: "error", msg: "onError threw", handling: "second" }),
    ]);
    expect(entries[0]?.error).toEqual(new Error("handler bug"));
  });

  it("does nothing without a handler", () => {
    const log = vi.fn();
    safeErrorHandler(undefined, log)(new Error("x"));
    expect(log).not.toHaveBeenCalled();
  });
});

describe("a throwing onError is logged through the session's log", () => {
  it("by stream (a bad audio delta)", async () => {
    const entries: LogEntry[] = [];
    const transport = createFakeTransport();
    const session = await openSession(transport, { log: (e) => entries.push(e) });
    const { events } = stream(session, { speaker: createFakeSpeaker(), onError: thrower });
    const bad: ServerEvent = {
      type: "response.output_audio.delta",
      event_id: "ev_1",
      response_id: "resp_1",
      item_id: "item_1",
      output_index: 0,
      content_index: 0,
      delta: "AA==", // one byte: not whole PCM16 samples,
    };
    transport.receive(bad);
    transport.receive({
      type: "response.done",
      event_id: "ev_2",
      response: { id: "resp_1" },
    } as ServerEvent);
    expect((await events.take())?.type).toBe("response.done");
    expect(handlerThrew(entries)).toHaveLength(1);
    await session.close();
  });

  it("by captureAudio (a failing source)", async () => {
    const entries: LogEntry[] = [];
    const session = await openSession(createFakeTransport(), { log: (e) => entries.push(e) });
    async function* failing(): AsyncIterable<Int16Array> {
      yield new Int16Array(480);
      throw new Error("mic unplugged");
    }
    const stop = captureAudio(session, audioSourceFromIterable(failing()), { onError: thrower });
    await vi.waitFor(() => expect(handlerThrew(entries)).toHaveLength(1));
    await stop();
    await session.close();
  });

  it("by the session (a throwing xfOut)", async () => {
    const entries: LogEntry[] = [];
    const transport = createFakeTransport();
    const session = await openSession(transport, {
      log: (e) => entries.push(e),
      onError: thrower,
      xfOut: (rf) => ({
        step: () => {
          throw new Error("xf bug");
        },
        complete: rf.complete,
      }),
    });
    transport.receive({ type: "rate_limits.updated", event_id: "ev_1", rate_limits: [] });
    await vi.waitFor(() => expect(handlerThrew(entries)).toHaveLength(1));
    await session.close();
  });
});
