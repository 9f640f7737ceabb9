import { safeLogger } from "@echo/core";
import { describe, expect, it } from "vitest";
import { parrot } from "../src/behaviors/parrot.js";
import { defaultRealtimeSession } from "../src/defaults.js";
import { MockSession, type SessionSettings } from "../src/session.js";
import type { SessionWire, WireListener } from "../src/wire.js";

/** An in-memory wire: what the session sends is recorded, the test plays the peer. */
function memoryWire() {
  const sent: Record<string, unknown>[] = [];
  const state: { listener?: WireListener; closed?: { code: number; reason: string } } = {};
  const wire: SessionWire = {
    send: (text) => sent.push(JSON.parse(text) as Record<string, unknown>),
    close: (code, reason) => {
      state.closed = { code, reason };
      state.listener?.closed(code, reason);
    },
    terminate: () => state.listener?.closed(1006, ""),
    bufferedAmount: 0,
    pause: () => {},
    resume: () => {},
    listen: (listener) => {
      state.listener = listener;
    },
  };
  const peer = (text: string) => state.listener?.frame({ kind: "text", text });
  return { wire, sent, state, peer };
}

const settings: SessionSettings = {
  behavior: parrot(),
  pingIntervalMs: 20_000,
  maxSessionMs: 60_000,
  audioChunkMs: 200,
  deltaIntervalMs: 0,
  sessionUpdateDelayMs: 0,
  faults: [],
  log: safeLogger(undefined),
  now: Date.now,
};

describe("MockSession over a SessionWire that is not a WebSocket", () => {
  it("speaks the protocol and ends through the wire", async () => {
    const m = memoryWire();
    let ended: { code: number; reason: string } | undefined;
    const session = new MockSession(
      m.wire,
      settings,
      (id, exp) => defaultRealtimeSession(id, "gpt-realtime", exp),
      (_s, end) => {
        ended = end;
      },
    );
    expect(m.sent[0]?.type).toBe("session.created");
    m.peer("{not json");
    expect(m.sent.at(-1)).toMatchObject({ type: "error", error: { code: "invalid_json" } });
    m.peer(
      JSON.stringify({ type: "session.update", session: { type: "realtime", instructions: "hi" } }),
    );
    expect(m.sent.at(-1)).toMatchObject({
      type: "session.updated",
      session: { instructions: "hi" },
    });
    session.close(4001, "bye");
    expect(m.state.closed).toEqual({ code: 4001, reason: "bye" });
    await expect(session.ended).resolves.toEqual({ code: 4001, reason: "bye" });
    expect(ended).toEqual({ code: 4001, reason: "bye" });
  });
});
