import { openSession, type SessionEvent } from "@echo/core";
import { platform } from "#platform";
import type { WebRtcConnectOptions, WebRtcTransportOptions } from "./options.js";
import { callSession, type WebRtcSession } from "./session.js";
import { WebRtcTransport } from "./transport.js";

/**
 * Makes a WebRTC transport for `openSession` (for users who compose their own stack).
 * Throws `InvalidWebRtcOptionsError` for a missing secret or bad URL, `InsecureApiKeyError`
 * for an `sk-…` key in a browser.
 */
export function createWebRtcTransport(
  clientSecret: string,
  options: WebRtcTransportOptions = {},
): WebRtcTransport {
  return new WebRtcTransport(platform, clientSecret, options);
}

/**
 * Starts a Realtime call over WebRTC with an ephemeral client secret (`ek_…`, from
 * `createClientSecret` on your server) and returns the session. Resolves once the `oai-events`
 * data channel is open AND `session.created` has arrived (it is still the first event the
 * session yields). Rejects with `RealtimeHttpError` (status + server message),
 * `MalformedSdpAnswerError`, `DataChannelTimeoutError`, `CallFailedError`,
 * `AudioUnavailableError`, or the signal's reason.
 *
 * Browser: `connect(secret)` captures the microphone and plays the reply by itself.
 * Node: `connect(secret, { RTCPeerConnection, audio: source, speaker })` with werift's class.
 */
export async function connect<Out = SessionEvent>(
  clientSecret: string,
  options: WebRtcConnectOptions<Out> = {},
): Promise<WebRtcSession<Out>> {
  const transport = createWebRtcTransport(clientSecret, options);
  const session = await openSession(transport, options);
  return callSession(session, transport);
}

export {
  AudioUnavailableError,
  CallFailedError,
  DataChannelTimeoutError,
  IceFailedError,
  InsecureApiKeyError,
  InvalidWebRtcOptionsError,
  MalformedSdpAnswerError,
  MessageTooLargeError,
  RealtimeHttpError,
  RealtimeRequestError,
  TransportClosedError,
} from "./errors.js";
export {
  type AudioInput,
  DEFAULT_CALLS_URL,
  type PeerConnectionClass,
  type WebRtcConnectOptions,
  type WebRtcTransportOptions,
} from "./options.js";
export type { WebRtcSession } from "./session.js";
export type { WebRtcTransport } from "./transport.js";
