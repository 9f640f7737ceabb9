import { afterEach, describe, expect, it } from "vitest";
import { askText, until } from "./helpers/events.js";
import { call, startMock } from "./helpers/mock.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("connect() against the mock over WebRTC (werift)", () => {
  it("resolves after session.created, has the call id, and a text turn completes", async () => {
    const mock = await startMock(cleanups);
    const session = await call(mock);
    cleanups.push(async () => void (await session.close()));
    expect(session.callId).toMatch(/^rtc_/);
    expect(mock.calls.has(session.callId ?? "")).toBe(true);
    const first = await session.take();
    expect(first?.type).toBe("session.created");
    await session.put({
      type: "session.update",
      session: { type: "realtime", output_modalities: ["text"] },
    });
    await until(session, "session.updated");
    await askText(session, "hello over webrtc");
    const events = await until(session, "response.done");
    const text = events.flatMap((e) => (e.type === "response.output_text.delta" ? [e.delta] : []));
    expect(text.join("")).toContain("hello over webrtc");
    const reason = await session.close();
    expect(reason.kind).toBe("client");
  });
});
