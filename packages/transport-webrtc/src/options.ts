import type { AudioSource, Logger, SessionEvent, SessionOptions, Speaker } from "@echo/core";

/** The OpenAI endpoint that takes an SDP offer and answers a call. */
export const DEFAULT_CALLS_URL = "https://api.openai.com/v1/realtime/calls";

/**
 * A class to construct the peer connection with: the browser's `RTCPeerConnection`, or werift's
 * in Node (`import { RTCPeerConnection } from "werift"`). Any constructor is accepted; it must
 * behave like the W3C `RTCPeerConnection`.
 */
export type PeerConnectionClass = new (...args: never[]) => object;

/**
 * Where the call's microphone audio comes from.
 *
 * - `"microphone"` (browser default): `getUserMedia({ audio: true })`; the track is stopped on close.
 * - a `MediaStreamTrack` (browser): your own track; it is NOT stopped on close (it is yours).
 * - an `AudioSource` (Node): PCM16 24 kHz mono frames (e.g. `@echo/audio-node`'s microphone),
 *   encoded as Opus 20 ms packets.
 * - `"none"` (Node default): no microphone. The server requires an audio m-line, so one is
 *   always negotiated: in the browser it carries a silent AudioContext track; in Node nothing is sent.
 */
export type AudioInput = "microphone" | "none" | MediaStreamTrack | AudioSource;

/** Options of {@link createWebRtcTransport}: the call's options without the session's. */
export interface WebRtcTransportOptions {
  /** The calls endpoint. Default `https://api.openai.com/v1/realtime/calls`; the mock server's `callsUrl` for tests. */
  url?: string;
  /** Microphone audio (see {@link AudioInput}). Default `"microphone"` in browsers, `"none"` in Node. */
  audio?: AudioInput;
  /**
   * Browser: the `<audio>` element that plays the model's voice. Default: one is created with
   * `autoplay`, kept out of the document, and released on close. Ignored in Node.
   */
  audioElement?: HTMLAudioElement;
  /**
   * Node: where the model's voice goes, as PCM16 24 kHz mono (decoded from Opus), e.g.
   * `@echo/audio-node`'s speaker. Positions name the assistant item being spoken. Ignored in browsers.
   */
  speaker?: Speaker;
  /** Start with the microphone muted (e.g. push-to-talk); `session.setMuted(false)` unmutes. Default false. */
  muted?: boolean;
  /** The peer connection class. Default: the global `RTCPeerConnection` (browsers). Required in Node (werift). */
  RTCPeerConnection?: PeerConnectionClass;
  /** Passed to the peer connection's constructor, e.g. `{ iceServers: [...] }`. */
  rtcConfiguration?: object;
  /** The `fetch` used for the SDP exchange. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** How long the SDP post may take, in ms. Default 15 000. */
  requestTimeoutMs?: number;
  /** How long to wait, after the answer, for the data channel to open and `session.created` to arrive, in ms. Default 15 000. */
  openTimeoutMs?: number;
  /** How long to wait for ICE candidate gathering before posting the offer anyway, in ms. Default 3 000. */
  iceGatheringTimeoutMs?: number;
  /**
   * `send` resolves at once while the data channel's `bufferedAmount` is at most this many
   * bytes, and waits for it to drain below half of it otherwise. Default 1 MiB.
   */
  highWaterMark?: number;
  /** Structured log entries; secrets are redacted. */
  log?: Logger;
}

/** Options of {@link connect}: the call's options plus core's session options (`xfIn`, `xfOut`, `onError`, `log`, `signal`, buffers). */
export type WebRtcConnectOptions<Out = SessionEvent> = WebRtcTransportOptions & SessionOptions<Out>;
