import type { SessionEvent } from "@echo/core";
import { connect } from "@echo/transport-webrtc";
import { meterTrack } from "./level-meter.js";
import type { CallTicket } from "./ticket.js";

/** The session of a WebRTC call, as `@echo/transport-webrtc`'s `connect` returns it. */
export type CallSession = Awaited<ReturnType<typeof connect<SessionEvent>>>;

/** A call in progress: its session and the microphone track this page owns. */
export interface LiveCall {
  readonly session: CallSession;
  readonly mic: MediaStreamTrack;
  /** Stops the level meter and the microphone (the transport leaves a track we gave it alone). */
  release(): void;
}

/**
 * Opens the microphone, then the call. The page takes the microphone itself (rather than
 * `audio: "microphone"`) so it can meter and mute that very track; the transport plays the
 * model's voice in an autoplaying `<audio>` element of its own and releases it on close.
 */
export async function startCall(
  ticket: CallTicket,
  signal: AbortSignal,
  onLevel: (level: number) => void,
): Promise<LiveCall> {
  const media = await navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  });
  const mic = media.getAudioTracks()[0];
  if (mic === undefined) throw new Error("The browser gave no microphone track.");
  let session: CallSession;
  try {
    session = await connect<SessionEvent>(ticket.clientSecret, {
      url: ticket.callsUrl,
      audio: mic,
      signal,
    });
  } catch (e) {
    mic.stop();
    throw e;
  }
  const stopMeter = meterTrack(mic, onLevel);
  return {
    session,
    mic,
    release() {
      stopMeter();
      mic.stop();
    },
  };
}
