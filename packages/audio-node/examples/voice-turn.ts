import { captureAudio, createSpeaker } from "@echo/audio-node";
import { stream } from "@echo/core";
import { scripted, startMockServer } from "@echo/mock-server";
import { connect } from "@echo/transport-ws";

/** One spoken reply from the local mock on the real speaker, while the microphone streams (echo-cancelled). */
export async function main() {
  // A local Realtime server; leave out `url` and `apiKey` to talk to OpenAI with OPENAI_API_KEY.
  const mock = await startMockServer({ behavior: scripted(["Hello from your speaker."]) });
  const session = await connect({ url: mock.url, apiKey: "sk-local-test" });
  // This example asks for one reply itself; leave turn_detection on for a hands-free conversation.
  await session.put({
    type: "session.update",
    session: { type: "realtime", audio: { input: { turn_detection: null } } },
  });
  const speaker = createSpeaker();
  const { events } = stream(session, { speaker });
  const stopCapture = captureAudio(session, { intervalMs: 20 }); // echo-cancelled by default
  await speaker.device.ready; // PulseAudio delivers the first audio 1.5-2 s after opening
  await session.put({ type: "response.create" });
  let transcript = "";
  for await (const ev of events) {
    if (ev.type === "response.output_audio_transcript.delta") transcript += ev.delta;
    if (ev.type === "response.done") break;
  }
  await speaker.drain(); // every sample came out of the device
  const { mode, underruns } = speaker.device.stats();
  await stopCapture();
  await speaker.close();
  await session.close();
  await mock.close();
  return { transcript, mode, underruns };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
}
