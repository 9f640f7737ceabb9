import type { Logger } from "@echo/core";
import type { PeerConnectionClass, WebRtcTransportOptions } from "../options.js";
import type { PeerConnectionLike } from "../peer.js";

/** A server event the media layer cares about (already parsed). */
export interface MediaEvent {
  type: string;
  item_id?: unknown;
  content_index?: unknown;
  part?: unknown;
}

/** The audio of one call: set up before the offer, released when the call ends. */
export interface CallMedia {
  /** The local microphone track (browser), for level meters; `undefined` in Node. */
  readonly localTrack: MediaStreamTrack | undefined;
  /** The element playing the model's voice (browser); `undefined` in Node. */
  readonly audioElement: HTMLAudioElement | undefined;
  /** The call is up: start sending microphone audio (nothing is sent, or lost, before). */
  start(): void;
  /** Stops sending microphone audio (silence instead) or resumes it. */
  setMuted(muted: boolean): void;
  /** Sees the server events that steer playback (`response.content_part.added`, `output_audio_buffer.*`). */
  serverEvent(event: MediaEvent): void;
  /** Stops everything this call made (tracks, elements, contexts, codecs). Idempotent. */
  release(): void;
}

/** What differs between browsers and Node, chosen by the `#platform` import condition. */
export interface Platform {
  readonly name: "browser" | "node";
  /** Whether a long-lived `sk-…` key is refused (browsers). */
  readonly refusesStandardKeys: boolean;
  /** The peer connection class when none is given. */
  defaultPeerConnection(): PeerConnectionClass | undefined;
  /** The constructor argument when `rtcConfiguration` is not given, for a call to `url`. */
  defaultRtcConfiguration(url: string): object | undefined;
  /** Adds the call's one audio transceiver (sendrecv) to `pc` and wires playback. */
  setupMedia(
    pc: PeerConnectionLike,
    options: WebRtcTransportOptions,
    log: Logger,
  ): Promise<CallMedia>;
}
