import { startMockServer } from "@echo/mock-server";
import { connect } from "@echo/transport-ws";

/** Asks one question in text and returns the answer as it streamed in. */
export async function main(): Promise<string> {
  // A local Realtime server; leave out `url` and `apiKey` to talk to OpenAI with OPENAI_API_KEY.
  const mock = await startMockServer();
  const session = await connect({ url: mock.url, apiKey: "sk-local-test" });
  await session.put({
    type: "session.update",
    session: { type: "realtime", output_modalities: ["text"] },
  });
  await session.put({
    type: "conversation.item.create",
    item: { type: "message", role: "user", content: [{ type: "input_text", text: "Hello!" }] },
  });
  await session.put({ type: "response.create" });

  let answer = "";
  for await (const ev of session) {
    if (ev.type === "response.output_text.delta") answer += ev.delta;
    if (ev.type === "response.done") break;
  }
  await session.close();
  await mock.close();
  return answer;
}
