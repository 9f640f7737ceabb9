import { createMicrophone, createSpeaker } from "@echo/audio-node";
import { startMockServer } from "@echo/mock-server";
import { connect } from "@echo/transport-webrtc";
import { createClientSecret } from "@echo/transport-webrtc/server";
import { RTCPeerConnection } from "werift";

/** Where the call goes: OpenAI, a Realtime server already running (e.g. a mock), or a new mock. */
async function mintSecret(): Promise<{ secret: string; url?: string; close(): Promise<void> }> {
  if (process.env.OPENAI_API_KEY) {
    const { value } = await createClientSecret({
      session: { type: "realtime", model: "gpt-realtime" },
    });
    return { secret: value, close: async () => {} };
  }
  const running = process.env.ECHO_REALTIME_BASE_URL; // e.g. http://127.0.0.1:PORT of a mock
  const mock = running === undefined ? await startMockServer() : undefined;
  const baseUrl = running ?? (mock?.httpUrl as string);
  const { value } = await createClientSecret({ apiKey: "sk-local-test", baseUrl });
  return {
    secret: value,
    url: `${baseUrl}/v1/realtime/calls`,
    close: async () => mock?.close(),
  };
}

/**
 * A hands-free WebRTC voice call from Node on the real microphone and speaker: the microphone is
 * echo-cancelled against what the speaker plays (one duplex device), so the model does not hear
 * itself. Prints the turns; ends after `seconds` (default: until Ctrl-C).
 */
export async function main(seconds = Number(process.env.ECHO_CALL_SECONDS ?? Infinity)) {
  const { secret, url, close } = await mintSecret();
  const speaker = createSpeaker();
  const microphone = createMicrophone(); // same default devices: shares the speaker's stream
  await speaker.device.ready; // PulseAudio delivers the first audio 1.5-2 s after opening
  const session = await connect(secret, {
    ...(url === undefined ? {} : { url }),
    RTCPeerConnection,
    audio: microphone,
    speaker,
  });
  const print = (line: string) => process.stdout.write(`${line}\n`);
  // "Speak now" once the microphone really delivers (after echo cancellation); keep its peak.
  let micPeakDbfs = -100;
  await new Promise<void>((live) =>
    microphone.onLevel(({ rmsDbfs }) => {
      micPeakDbfs = Math.max(micPeakDbfs, rmsDbfs);
      live();
    }),
  );
  print(`connected ${session.callId}: speak now`);
  const end = () => void session.hangup();
  process.once("SIGINT", end);
  const timer = Number.isFinite(seconds) ? setTimeout(end, seconds * 1000) : undefined;
  let startedMs = 0;
  for await (const ev of session) {
    if (ev.type === "input_audio_buffer.speech_started") {
      startedMs = ev.audio_start_ms;
      print(`you: speaking at ${ev.audio_start_ms} ms`);
    }
    if (ev.type === "input_audio_buffer.speech_stopped") {
      print(`you: ${((ev.audio_end_ms - startedMs) / 1000).toFixed(1)} s of speech`);
    }
    if (ev.type === "response.output_audio_transcript.done") print(`assistant: ${ev.transcript}`);
    if (ev.type === "output_audio_buffer.started") print("assistant: playing");
    if (ev.type === "output_audio_buffer.stopped") print("assistant: done playing");
  }
  clearTimeout(timer);
  process.off("SIGINT", end);
  await speaker.drain();
  const { mode, underruns, aec } = speaker.device.stats();
  await microphone.close();
  await speaker.close();
  await close();
  const canceller = aec?.enabled
    ? { erleDb: aec.erleDb, delayMs: aec.delayMs, resets: aec.resets }
    : null;
  const stats = { mode, underruns, micPeakDbfs: Math.round(micPeakDbfs), aec: canceller };
  print(`stats ${JSON.stringify(stats)}`);
  return stats;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    () => process.exit(0), // the audio host may hold the event loop a moment longer
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
