import type { Logger } from "@echo/core";
import { AudioUnavailableError, InvalidWebRtcOptionsError } from "../errors.js";
import type { PeerConnectionClass, WebRtcTransportOptions } from "../options.js";
import type { PeerConnectionLike } from "../peer.js";
import type { CallMedia, Platform } from "./types.js";

/** The browser's own WebRTC: getUserMedia, an autoplaying `<audio>`, a silent AudioContext track for `"none"`. */
export const platform: Platform = {
  name: "browser",
  refusesStandardKeys: true,
  defaultPeerConnection: () =>
    (globalThis as { RTCPeerConnection?: PeerConnectionClass }).RTCPeerConnection,
  defaultRtcConfiguration: () => undefined,
  setupMedia,
};

interface BrowserPeer extends PeerConnectionLike {
  addTrack(track: MediaStreamTrack, ...streams: MediaStream[]): unknown;
  ontrack: ((event: RTCTrackEvent) => void) | null;
}

async function setupMedia(
  peer: PeerConnectionLike,
  options: WebRtcTransportOptions,
  log: Logger,
): Promise<CallMedia> {
  const pc = peer as BrowserPeer;
  const audio = options.audio ?? "microphone";
  const releases: (() => void)[] = [];
  let track: MediaStreamTrack;
  if (audio === "microphone") {
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      throw new AudioUnavailableError(
        `The microphone could not be opened (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}). Allow microphone access, or pass \`audio: "none"\` for a text-only call.`,
        { cause: error },
      );
    }
    const first = stream.getAudioTracks()[0];
    if (first === undefined)
      throw new AudioUnavailableError("getUserMedia returned no audio track.");
    track = first;
    for (const t of stream.getTracks()) releases.push(() => t.stop());
  } else if (audio === "none") {
    // The server requires an audio m-line: a silent track from an AudioContext keeps it honest.
    const context = new AudioContext();
    const destination = context.createMediaStreamDestination();
    const first = destination.stream.getAudioTracks()[0];
    if (first === undefined)
      throw new AudioUnavailableError("The AudioContext made no silent track.");
    track = first;
    releases.push(() => {
      first.stop();
      void context.close().catch(() => {});
    });
  } else if (isTrack(audio)) {
    track = audio; // The caller's track: theirs to stop.
  } else {
    throw new InvalidWebRtcOptionsError(
      'In a browser, `audio` is "microphone", "none" or a MediaStreamTrack; PCM sources (AudioSource) are for Node.',
    );
  }
  pc.addTrack(track, new MediaStream([track]));

  const element = options.audioElement ?? document.createElement("audio");
  const ownsElement = options.audioElement === undefined;
  element.autoplay = true;
  pc.ontrack = (event) => {
    element.srcObject = event.streams[0] ?? new MediaStream([event.track]);
    const playing = element.play();
    if (playing !== undefined) {
      playing.catch((error: unknown) =>
        log({
          level: "warn",
          msg: "the audio element did not start playing (autoplay policy?)",
          error,
        }),
      );
    }
  };
  let released = false;
  return {
    localTrack: track,
    audioElement: element,
    start() {},
    setMuted(muted) {
      track.enabled = !muted;
    },
    serverEvent() {},
    release() {
      if (released) return;
      released = true;
      pc.ontrack = null;
      element.pause();
      element.srcObject = null;
      if (ownsElement) element.remove();
      for (const release of releases) release();
    },
  };
}

function isTrack(value: unknown): value is MediaStreamTrack {
  return (
    typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "audio"
  );
}
