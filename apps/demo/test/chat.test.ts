import { type MockServer, startMockServer } from "@echo/mock-server";
import { connect } from "@echo/transport-ws";
import { afterEach, describe, expect, it } from "vitest";
import { runChat } from "../src/chat.js";

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function* linesOf(...lines: string[]) {
  yield* lines;
}

describe("runChat", () => {
  it("streams each reply as several deltas and prompts between turns", async () => {
    mock = await startMockServer();
    const session = await connect({ url: mock.url, apiKey: "sk-demo-test" });
    const writes: string[] = [];
    let prompts = 0;
    const end = await runChat(session, {
      lines: linesOf("a longer sentence that streams in pieces"),
      write: (t) => writes.push(t),
      prompt: () => prompts++,
    });
    expect(end).toEqual({ by: "user" });
    expect(writes.join("")).toBe("echo> a longer sentence that streams in pieces\n");
    expect(writes.length).toBeGreaterThan(3);
    expect(prompts).toBe(2);
    await session.close();
  });

  it("reports a session the server ended and returns how it ended", async () => {
    mock = await startMockServer({
      faults: [{ when: { on: "client_event", type: "response.create" }, action: { kind: "drop" } }],
    });
    const session = await connect({ url: mock.url, apiKey: "sk-demo-test" });
    const writes: string[] = [];
    const end = await runChat(session, { lines: linesOf("hi"), write: (t) => writes.push(t) });
    expect(end).toMatchObject({ by: "session", reason: { kind: "network" } });
    expect(writes.join("")).toContain("[session lost");
  });
});
