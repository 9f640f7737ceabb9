import { openSession, stream } from "@echo/core";
import { createFakeSpeaker, createFakeTransport } from "@echo/core/testing";

/**
 * A session over a transport, played out offline: the fake transport stands in for the
 * server, the fake speaker for the sound card. A real app uses `connect()` from
 * `@echo/transport-ws` and `createSpeaker()` from `@echo/audio-node` instead.
 */
export async function main(print: (line: string) => void = (l) => process.stdout.write(`${l}\n`)) {
  const transport = createFakeTransport();
  const session = await openSession(transport, {
    log: (entry) => print(`log ${entry.level}: ${entry.msg}`),
  });
  const speaker = createFakeSpeaker();
  const { events } = stream(session, { speaker });

  await session.put({ type: "response.create" }); // resolves once the transport took it
  print(`sent: ${await transport.nextSent()}`);

  // The "server" answers with a second of audio (50 deltas of 20 ms, PCM16 24 kHz, base64).
  const delta = Buffer.alloc(960).toString("base64");
  const ids = { response_id: "resp_1", item_id: "item_1", output_index: 0, content_index: 0 };
  transport.receive({ type: "response.created", event_id: "e1", response: { id: "resp_1" } });
  for (let i = 0; i < 50; i++) {
    transport.receive({ type: "response.output_audio.delta", event_id: `d${i}`, ...ids, delta });
  }
  transport.receive({ type: "response.output_audio.done", event_id: "e2", ...ids });
  print(`event: ${(await events.take())?.type}`); // audio deltas went to the speaker instead
  print(`event: ${(await events.take())?.type}`);

  // The user hears 420 ms, then starts talking: playback stops and the item is truncated.
  speaker.advance(420);
  transport.receive({
    type: "input_audio_buffer.speech_started",
    event_id: "e3",
    audio_start_ms: 0,
    item_id: "item_user",
  });
  print(`event: ${(await events.take())?.type}`);
  const truncate = JSON.parse(await transport.nextSent());
  print(`sent: ${truncate.type} audio_end_ms=${truncate.audio_end_ms}`);

  const reason = await session.close();
  print(`closed: ${reason.kind}`);
  return { truncate, reason };
}
