import { scripted, startMockServer } from "@echo/mock-server";
import WebSocket from "ws";

/** Starts a mock, has one text turn over a plain WebSocket, and returns what the model said. */
export async function main(): Promise<string> {
  const server = await startMockServer({
    behavior: scripted(["Hello! This is the mock speaking."]),
  });
  const ws = new WebSocket(`${server.url}?model=gpt-realtime`, {
    headers: { Authorization: "Bearer sk-any-shaped-key" },
  });
  let reply = "";
  await new Promise<void>((resolve, reject) => {
    ws.on("error", reject);
    ws.on("message", (data) => {
      const event = JSON.parse(data.toString());
      if (event.type === "session.created") {
        ws.send(
          JSON.stringify({
            type: "session.update",
            session: { type: "realtime", output_modalities: ["text"] },
          }),
        );
        ws.send(
          JSON.stringify({
            type: "conversation.item.create",
            item: { type: "message", role: "user", content: [{ type: "input_text", text: "Hi!" }] },
          }),
        );
        ws.send(JSON.stringify({ type: "response.create" }));
      }
      if (event.type === "response.output_text.delta") reply += event.delta;
      if (event.type === "response.done") resolve();
    });
  });
  ws.close();
  await server.close();
  return reply;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then((reply) => process.stdout.write(`${reply}\n`));
}
