import { afterEach, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../src/index.js";
import { connect } from "./client.js";

let server: MockServer;
afterEach(async () => {
  await server?.close();
});

describe("smoke", () => {
  it("session.created, session.update and a text response", async () => {
    server = await startMockServer();
    const c = connect(server);
    const created = await c.next();
    expect(created.type).toBe("session.created");
    c.send({ type: "session.update", session: { type: "realtime", output_modalities: ["text"] } });
    const updated = await c.next();
    expect(updated.type).toBe("session.updated");
    c.send({
      type: "conversation.item.create",
      item: {
        type: "message",
        role: "user",
        content: [{ type: "input_text", text: "hello there" }],
      },
    });
    c.send({ type: "response.create" });
    const evs = await c.until("rate_limits.updated");
    expect(evs.map((e) => e.type)).toMatchInlineSnapshot(`
      [
        "conversation.item.added",
        "conversation.item.done",
        "response.created",
        "response.output_item.added",
        "conversation.item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "conversation.item.done",
        "response.output_item.done",
        "response.done",
        "rate_limits.updated",
      ]
    `);
    c.ws.close();
  });
});
