import { type AudioPosition, audioSourceFromIterable, type Speaker } from "@echo/core";
import { pcm16SpeechLike, startMockServer } from "@echo/mock-server";
import { connect } from "@echo/transport-webrtc";
import { createClientSecret } from "@echo/transport-webrtc/server";
import { RTCPeerConnection } from "werift";

/** A WebRTC call from Node: speaks one second into the call and returns what came back. */
export async function main(): Promise<{ transcript: string; heardMs: number }> {
  // A local Realtime server; leave out `baseUrl` and `url` to use OpenAI with OPENAI_API_KEY.
  const mock = await startMockServer();
  const secret = await createClientSecret({ apiKey: "sk-local-test", baseUrl: mock.httpUrl });

  // PCM16 24 kHz mono in 20 ms frames: a microphone from @echo/audio-node fits here.
  const speech = pcm16SpeechLike(1000);
  const silence = new Int16Array(480 * 40);
  const microphone = audioSourceFromIterable(
    (async function* () {
      for (const pcm of [speech, silence]) {
        for (let at = 0; at < pcm.length; at += 480) {
          yield pcm.subarray(at, at + 480);
          await new Promise((r) => setTimeout(r, 20)); // real time, like a device
        }
      }
    })(),
  );
  let heardSamples = 0;
  const speaker: Speaker = {
    write(samples: Int16Array, _at: AudioPosition) {
      heardSamples += samples.length;
    },
    stop: () => {},
    playedMs: () => 0,
  };

  const session = await connect(secret.value, {
    url: mock.callsUrl,
    RTCPeerConnection,
    audio: microphone,
    speaker,
  });
  let transcript = "";
  for await (const ev of session) {
    if (ev.type === "response.output_audio_transcript.delta") transcript += ev.delta;
    if (ev.type === "output_audio_buffer.stopped") break; // the reply has finished playing
  }
  await session.hangup();
  await mock.close();
  return { transcript, heardMs: Math.round(heardSamples / 24) };
}
