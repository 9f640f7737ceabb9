import { map, stream } from "@echo/core";
import { createFakeSpeaker } from "@echo/core/testing";
import { startMockServer } from "@echo/mock-server";
import { validate } from "@echo/schema";
import { connect } from "@echo/transport-ws";

/** One spoken turn against the local mock server; returns what was said and heard. */
export async function main() {
  const mock = await startMockServer(); // drop `url` and `apiKey` below to talk to OpenAI
  const session = await connect({ url: mock.url, apiKey: "sk-local", xfIn: map(validate) });
  await session.put({
    type: "session.update",
    session: { type: "realtime", instructions: "Be brief." },
  });

  const speaker = createFakeSpeaker(); // records and keeps time; a device speaker plays it aloud
  const { events } = stream(session, { speaker });
  await session.put({
    type: "conversation.item.create",
    item: { type: "message", role: "user", content: [{ type: "input_text", text: "Hello!" }] },
  });
  await session.put({ type: "response.create" });

  let transcript = "";
  for await (const ev of events) {
    if (ev.type === "response.output_audio_transcript.delta") transcript += ev.delta;
    if (ev.type === "response.done") break;
  }
  const tooFast = { type: "realtime", audio: { output: { speed: 3 } } } as const;
  const rejected = await session
    .put({ type: "session.update", session: tooFast }) // checked by validate, never sent
    .catch((error: Error) => error.message);

  await session.close();
  await mock.close();
  return { transcript, audioMs: speaker.queuedMs, rejected };
}
