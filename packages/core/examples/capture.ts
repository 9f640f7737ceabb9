import { type AudioSink, type AudioSource, captureAudio, openSession } from "@echo/core";
import { createFakeTransport } from "@echo/core/testing";

/** Microphone audio to the server: 20 ms appends, the last partial chunk flushed on stop. */
export async function main(): Promise<{ appends: number; lastChunkBytes: number }> {
  const transport = createFakeTransport();
  const session = await openSession(transport);

  // Any push source fits AudioSource: a device callback, a file reader, a test.
  let sink: AudioSink | undefined;
  const microphone: AudioSource = {
    subscribe(s) {
      sink = s;
      return () => {
        sink = undefined;
      };
    },
  };
  const stop = captureAudio(session, microphone, { intervalMs: 20 });

  // Five 10 ms frames (240 samples at 24 kHz) of a 440 Hz tone; the device reuses its buffer.
  const frame = new Int16Array(240);
  for (let f = 0; f < 5; f++) {
    for (let i = 0; i < frame.length; i++) {
      frame[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * (f * 240 + i)) / 24_000));
    }
    sink?.frame(frame);
  }
  await stop(); // flushes the last 10 ms and resolves when everything was sent

  const appends = transport.sentEvents() as { type: string; audio: string }[];
  const last = appends[appends.length - 1];
  await session.close();
  return {
    appends: appends.length,
    lastChunkBytes: Buffer.from(last?.audio ?? "", "base64").length,
  };
}
