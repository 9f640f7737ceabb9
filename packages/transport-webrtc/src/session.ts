import type { CloseReason, Session } from "@echo/core";
import type { WebRtcTransport } from "./transport.js";

/**
 * A core {@link Session} over a WebRTC call, plus what only a call has: its id, hang-up,
 * WebRTC interruption, mute, and (browser) the media objects.
 */
export interface WebRtcSession<Out> extends Session<Out> {
  /** The call id from the answer's `Location` (`rtc_…`): pass it to a sideband `connect({ callId })`. `undefined` if the server sent none. */
  readonly callId: string | undefined;
  /**
   * Cuts the model off: sends `response.cancel` when a response is in progress, then
   * `output_audio_buffer.clear` (the server owns the output buffer on WebRTC, so there is no
   * truncate). The server answers `output_audio_buffer.cleared`.
   */
  interrupt(): Promise<void>;
  /** Ends the call: asks the server to hang up (`POST …/calls/{id}/hangup`), then closes. Resolves with the close reason. */
  hangup(): Promise<CloseReason>;
  /** Whether the microphone is muted. */
  readonly muted: boolean;
  /** Mutes the microphone (silence is sent; the track stays negotiated) or unmutes it. */
  setMuted(muted: boolean): void;
  /** Browser: the microphone track (e.g. for a level meter). `undefined` in Node. */
  readonly localTrack: MediaStreamTrack | undefined;
  /** Browser: the element playing the model's voice. `undefined` in Node. */
  readonly audioElement: HTMLAudioElement | undefined;
}

/** Adds the call's members to a core session (which already owns the transport's lifecycle). */
export function callSession<Out>(
  session: Session<Out>,
  transport: WebRtcTransport,
): WebRtcSession<Out> {
  return {
    put: (event) => session.put(event),
    take: () => session.take(),
    poll: () => session.poll(),
    close: (code, reason) => session.close(code, reason),
    get closed() {
      return session.closed;
    },
    [Symbol.asyncIterator]: () => session[Symbol.asyncIterator](),
    get callId() {
      return transport.callId;
    },
    async interrupt() {
      if (transport.responding) await session.put({ type: "response.cancel" });
      await session.put({ type: "output_audio_buffer.clear" });
    },
    async hangup() {
      await transport.hangup();
      return session.closed;
    },
    get muted() {
      return transport.muted;
    },
    setMuted: (muted) => transport.setMuted(muted),
    get localTrack() {
      return transport.localTrack;
    },
    get audioElement() {
      return transport.audioElement;
    },
  };
}
