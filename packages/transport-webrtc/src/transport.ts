import {
  type CloseReason,
  type Deferred,
  deferred,
  type Logger,
  safeLogger,
  type Transport,
  type TransportHandlers,
} from "@echo/core";
import {
  CallFailedError,
  DataChannelTimeoutError,
  IceFailedError,
  InsecureApiKeyError,
  InvalidWebRtcOptionsError,
  MalformedSdpAnswerError,
  MessageTooLargeError,
  RealtimeRequestError,
  TransportClosedError,
} from "./errors.js";
import { watchedEvent } from "./events-watch.js";
import { callIdFromLocation, hangupUrl, looksLikeSdp, request } from "./http.js";
import { DEFAULT_CALLS_URL, type WebRtcTransportOptions } from "./options.js";
import type { DataChannelLike, PeerConnectionLike } from "./peer.js";
import type { CallMedia, Platform } from "./platform/types.js";

const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;
/** What SCTP guarantees when the remote does not say (`a=max-message-size` default). */
const DEFAULT_MAX_MESSAGE_SIZE = 65_536;

type Call = { pc: PeerConnectionLike; dc: DataChannelLike; media: CallMedia };

type State =
  | { status: "idle" }
  | { status: "starting" }
  | ({ status: "connecting" } & Call)
  | ({ status: "open"; handlers: TransportHandlers } & Call)
  | { status: "closed"; reason: CloseReason | undefined };

/**
 * A WebRTC {@link Transport}: one `RTCPeerConnection` with one audio transceiver and the
 * `oai-events` data channel, set up with an SDP offer posted to `/v1/realtime/calls`.
 * `open` resolves when the data channel is open and `session.created` has arrived; `send`
 * waits (backpressure) while the channel's `bufferedAmount` is over the high-water mark.
 */
export class WebRtcTransport implements Transport {
  readonly #platform: Platform;
  readonly #options: WebRtcTransportOptions;
  readonly #secret: string;
  readonly #log: Logger;
  readonly #url: string;
  readonly #highWaterMark: number;
  #state: State = { status: "idle" };
  #callId: string | undefined;
  #opened: Deferred<void> = deferred();
  readonly #drains = new Set<Deferred<void>>();
  readonly #activeResponses = new Set<string>();
  #muted = false;
  #failOpen: ((error: unknown) => void) | undefined;

  constructor(platform: Platform, clientSecret: string, options: WebRtcTransportOptions = {}) {
    if (typeof clientSecret !== "string" || clientSecret.trim() === "") {
      throw new InvalidWebRtcOptionsError(
        "connect(clientSecret) needs a client secret (ek_…): mint one on your server with createClientSecret() from @echo/transport-webrtc/server.",
      );
    }
    if (platform.refusesStandardKeys && clientSecret.startsWith("sk-"))
      throw new InsecureApiKeyError();
    this.#platform = platform;
    this.#options = options;
    this.#secret = clientSecret;
    this.#log = safeLogger(options.log);
    this.#url = options.url ?? DEFAULT_CALLS_URL;
    try {
      new URL(this.#url);
    } catch {
      throw new InvalidWebRtcOptionsError(
        "`url` is not a valid URL; pass e.g. https://api.openai.com/v1/realtime/calls or the mock server's `callsUrl`.",
      );
    }
    this.#highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
    this.#muted = options.muted ?? false;
    this.#opened.promise.catch(() => {});
  }

  /** The call id from the answer's `Location` header (`rtc_…`), once `open` resolved. */
  get callId(): string | undefined {
    return this.#callId;
  }

  /** The browser's microphone track of this call (for level meters); `undefined` in Node or before open. */
  get localTrack(): MediaStreamTrack | undefined {
    return this.#call()?.media.localTrack;
  }

  /** The element playing the model's voice (browser); `undefined` in Node or before open. */
  get audioElement(): HTMLAudioElement | undefined {
    return this.#call()?.media.audioElement;
  }

  /** Whether a response is in progress (between `response.created` and `response.done`). */
  get responding(): boolean {
    return this.#activeResponses.size > 0;
  }

  /** Whether the microphone is muted. */
  get muted(): boolean {
    return this.#muted;
  }

  /** Mutes (silence is sent instead) or unmutes the microphone. */
  setMuted(muted: boolean): void {
    this.#muted = muted;
    this.#call()?.media.setMuted(muted);
  }

  async open(handlers: TransportHandlers, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    if (this.#state.status !== "idle") {
      throw new TransportClosedError(
        "This WebRTC transport was already opened; a transport makes one call. Create a new one (or call connect() again).",
      );
    }
    this.#state = { status: "starting" };
    const Peer = this.#options.RTCPeerConnection ?? this.#platform.defaultPeerConnection();
    if (Peer === undefined) {
      this.#state = { status: "closed", reason: undefined };
      throw new InvalidWebRtcOptionsError(
        this.#platform.name === "node"
          ? 'Node has no RTCPeerConnection: install werift and pass it, e.g. `import { RTCPeerConnection } from "werift"; connect(secret, { RTCPeerConnection })`.'
          : "This browser has no RTCPeerConnection (WebRTC is unavailable or disabled).",
      );
    }
    const config =
      this.#options.rtcConfiguration ?? this.#platform.defaultRtcConfiguration(this.#url);
    let pc: PeerConnectionLike;
    try {
      pc = new (Peer as unknown as new (config?: object) => PeerConnectionLike)(config);
    } catch (error) {
      this.#state = { status: "closed", reason: undefined };
      throw new InvalidWebRtcOptionsError(
        `The RTCPeerConnection could not be constructed (${error instanceof Error ? error.message : String(error)}); check \`rtcConfiguration\`.`,
      );
    }
    let media: CallMedia | undefined;
    let dc: DataChannelLike | undefined;
    const failed = deferred<never>();
    failed.promise.catch(() => {});
    this.#failOpen = (error) => failed.reject(error);
    const onAbort = () => failed.reject(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    const gotCreated = deferred<void>();
    try {
      const mediaReady = this.#platform.setupMedia(pc, this.#options, this.#log);
      // A call closed while the microphone prompt is up still releases the microphone.
      mediaReady.then(
        (m) => {
          if (this.#state.status === "closed") m.release();
        },
        () => {},
      );
      media = await Promise.race([mediaReady, failed.promise]);
      media.setMuted(this.#muted);
      dc = pc.createDataChannel("oai-events", { ordered: true });
      this.#state = { status: "connecting", pc, dc, media };
      this.#wire(pc, dc, handlers, gotCreated, failed);
      if (signal?.aborted) throw signal.reason;

      const offer = await Promise.race([pc.createOffer(), failed.promise]);
      await Promise.race([pc.setLocalDescription(offer), failed.promise]);
      await this.#gathered(pc, failed.promise);
      const sdp = pc.localDescription?.sdp ?? offer.sdp;
      if (sdp === undefined) throw new CallFailedError("The peer connection made no SDP offer.");
      this.#log({ level: "debug", msg: "posting the SDP offer", url: this.#url });
      const answer = await Promise.race([this.#post(sdp, signal), failed.promise]);
      await Promise.race([
        pc.setRemoteDescription({ type: "answer", sdp: answer }).catch((error: unknown) => {
          throw new MalformedSdpAnswerError(
            `The server's SDP answer was rejected by the peer connection: ${error instanceof Error ? error.message : String(error)}. Check that the URL points at a Realtime calls endpoint.`,
            { cause: error },
          );
        }),
        failed.promise,
      ]);
      await this.#openedOrFailed(pc, dc, gotCreated.promise, failed.promise);
    } catch (error) {
      signal?.removeEventListener("abort", onAbort);
      this.#teardown(pc, dc, media);
      this.#state = { status: "closed", reason: undefined };
      const reason = signal?.aborted ? signal.reason : error;
      this.#opened.reject(reason);
      throw reason;
    }
    signal?.removeEventListener("abort", onAbort);
    this.#failOpen = undefined;
    this.#state = { status: "open", pc, dc, media, handlers };
    media.start();
    this.#log({ level: "info", msg: "webrtc call open", callId: this.#callId });
    this.#opened.resolve();
  }

  async send(data: string): Promise<void> {
    if (this.#state.status === "idle") {
      throw new TransportClosedError("Cannot send before open(): call connect() first.");
    }
    if (this.#state.status === "starting" || this.#state.status === "connecting") {
      // Held until the data channel is open (never sent into a channel still connecting).
      await this.#opened.promise.catch(() => {});
    }
    const state = this.#state;
    if (state.status !== "open") {
      throw new TransportClosedError(
        "Cannot send: the WebRTC call has ended. A call does not reopen; connect() again.",
        state.status === "closed" ? state.reason : undefined,
      );
    }
    const limit = state.pc.sctp?.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    // UTF-8 is at most 3 bytes per UTF-16 unit: only count when it could matter.
    if (data.length * 3 > limit) {
      const bytes = new TextEncoder().encode(data).byteLength;
      if (bytes > limit) throw new MessageTooLargeError(bytes, limit);
    }
    try {
      state.dc.send(data);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // The channel is closing under us (the server or the network ended the call): a fault.
      throw new TransportClosedError(
        `The data channel refused the event (${message}); the call is ending.`,
        { kind: "network", code: null, reason: message },
      );
    }
    if (state.dc.bufferedAmount > this.#highWaterMark) await this.#drain(state.dc);
  }

  async close(code = 1000, reason = ""): Promise<void> {
    const state = this.#state;
    if (state.status === "closed") return;
    if (state.status === "idle") {
      this.#state = { status: "closed", reason: undefined };
      return;
    }
    if (state.status === "starting" || state.status === "connecting") {
      // open() is still running: make it fail (it cleans up).
      this.#failOpen?.(
        new TransportClosedError("The transport was closed while the call was being set up.", {
          kind: "client",
          code,
          reason,
        }),
      );
      return;
    }
    this.#finish({ kind: "client", code, reason });
  }

  /**
   * Asks the server to end the call (`POST …/calls/{call_id}/hangup` with this call's secret),
   * then closes locally. A failed request is logged, never thrown: the call ends either way.
   */
  async hangup(): Promise<void> {
    const callId = this.#callId;
    if (this.#state.status === "open" && callId !== undefined) {
      try {
        await request({
          fetch: this.#fetch(),
          url: hangupUrl(this.#url, callId),
          init: { method: "POST", headers: { Authorization: `Bearer ${this.#secret}` } },
          what: "The hangup request",
          timeoutMs: this.#options.requestTimeoutMs ?? 15_000,
        });
      } catch (error) {
        this.#log({ level: "warn", msg: "hangup request failed; closing locally", error });
      }
    }
    await this.close(1000, "hangup");
  }

  #call(): Call | undefined {
    const s = this.#state;
    return s.status === "open" || s.status === "connecting" ? s : undefined;
  }

  #fetch(): typeof fetch {
    const f = this.#options.fetch ?? globalThis.fetch;
    if (typeof f !== "function") {
      throw new InvalidWebRtcOptionsError("No fetch available: pass `fetch` in the options.");
    }
    return f.bind(globalThis);
  }

  #wire(
    pc: PeerConnectionLike,
    dc: DataChannelLike,
    handlers: TransportHandlers,
    gotCreated: Deferred<void>,
    failed: Deferred<never>,
  ): void {
    let created = false;
    // An error the server sent before session.created explains a close that follows.
    let earlyError: string | undefined;
    dc.addEventListener("message", (event) => {
      const data = (event as { data?: unknown }).data;
      if (typeof data !== "string") {
        this.#log({ level: "warn", msg: "ignored a binary data channel message" });
        return;
      }
      const state = this.#state;
      if (state.status !== "open" && state.status !== "connecting") return;
      const watched = watchedEvent(data);
      if (watched !== undefined) {
        this.#follow(watched);
        state.media.serverEvent(watched);
        if (!created && watched.type === "session.created") {
          created = true;
          gotCreated.resolve();
        }
      } else if (!created && data.includes('"error"')) {
        earlyError = errorMessageOf(data) ?? earlyError;
      }
      handlers.message(data);
    });
    dc.addEventListener("close", () => {
      if (this.#state.status === "connecting") {
        failed.reject(
          new CallFailedError(
            `The server closed the "oai-events" data channel before the session started${earlyError === undefined ? "" : ` (its error: ${earlyError})`}. Check the client secret and the session config.`,
          ),
        );
        return;
      }
      this.#finish({
        kind: "server",
        code: 1000,
        reason: "the call ended: the server closed the data channel",
      });
    });
    pc.onconnectionstatechange = () => {
      const s = pc.connectionState;
      this.#log({ level: "debug", msg: "peer connection state", state: s });
      if (s !== "failed" && s !== "closed") return;
      if (this.#state.status === "connecting") {
        failed.reject(
          s === "failed"
            ? new IceFailedError()
            : new CallFailedError("The peer connection closed while connecting."),
        );
        return;
      }
      if (s === "failed") {
        this.#finish({
          kind: "network",
          code: null,
          reason: "ICE connection failed",
          error: new IceFailedError(),
        });
      } else {
        this.#finish({
          kind: "server",
          code: 1000,
          reason: "the call ended: the peer connection closed",
        });
      }
    };
  }

  /** Follows responses, so `interrupt()` knows whether there is one to cancel. */
  #follow(event: { type: string } & Record<string, unknown>): void {
    const response = event.response as { id?: unknown } | undefined;
    const id = typeof response?.id === "string" ? response.id : undefined;
    if (event.type === "response.created" && id !== undefined) this.#activeResponses.add(id);
    else if (event.type === "response.done" && id !== undefined) this.#activeResponses.delete(id);
  }

  async #gathered(pc: PeerConnectionLike, failed: Promise<never>): Promise<void> {
    if (pc.iceGatheringState === "complete") return;
    const done = deferred<void>();
    const timer = setTimeout(() => done.resolve(), this.#options.iceGatheringTimeoutMs ?? 3_000);
    const previous = pc.onicegatheringstatechange;
    pc.onicegatheringstatechange = () => {
      if (pc.iceGatheringState === "complete") done.resolve();
    };
    try {
      await Promise.race([done.promise, failed]);
    } finally {
      clearTimeout(timer);
      pc.onicegatheringstatechange = previous;
    }
  }

  async #post(sdp: string, signal: AbortSignal | undefined): Promise<string> {
    const res = await request({
      fetch: this.#fetch(),
      url: this.#url,
      init: {
        method: "POST",
        headers: { Authorization: `Bearer ${this.#secret}`, "Content-Type": "application/sdp" },
        body: sdp,
      },
      what: "The SDP offer to /v1/realtime/calls",
      timeoutMs: this.#options.requestTimeoutMs ?? 15_000,
      signal,
    });
    this.#callId = callIdFromLocation(res.headers.get("location"));
    let answer: string;
    try {
      answer = await res.text();
    } catch (error) {
      throw new RealtimeRequestError("The SDP answer could not be read.", { cause: error });
    }
    if (!looksLikeSdp(answer)) {
      throw new MalformedSdpAnswerError(
        `The server answered HTTP ${res.status} but the body is not an SDP answer (it starts with ${JSON.stringify(answer.slice(0, 40))}). Check that \`url\` points at a Realtime calls endpoint (…/v1/realtime/calls).`,
      );
    }
    return answer;
  }

  async #openedOrFailed(
    pc: PeerConnectionLike,
    dc: DataChannelLike,
    created: Promise<void>,
    failed: Promise<never>,
  ): Promise<void> {
    const timeoutMs = this.#options.openTimeoutMs ?? 15_000;
    const channelOpen = deferred<void>();
    if (dc.readyState === "open") channelOpen.resolve();
    else dc.addEventListener("open", () => channelOpen.resolve());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        if (dc.readyState !== "open")
          reject(new DataChannelTimeoutError(timeoutMs, pc.connectionState));
        else
          reject(
            new CallFailedError(
              `The data channel opened but no session.created arrived within ${timeoutMs} ms. Check that \`url\` points at a Realtime calls endpoint.`,
            ),
          );
      }, timeoutMs);
    });
    try {
      await Promise.race([Promise.all([channelOpen.promise, created]), failed, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  #drain(dc: DataChannelLike): Promise<void> {
    const d = deferred<void>();
    this.#drains.add(d);
    dc.bufferedAmountLowThreshold = Math.floor(this.#highWaterMark / 2);
    const onLow = () => {
      dc.removeEventListener?.("bufferedamountlow", onLow);
      this.#drains.delete(d);
      d.resolve();
    };
    dc.addEventListener("bufferedamountlow", onLow);
    return d.promise;
  }

  #finish(reason: CloseReason): void {
    const state = this.#state;
    if (state.status !== "open") return;
    this.#state = { status: "closed", reason };
    this.#teardown(state.pc, state.dc, state.media);
    for (const d of this.#drains) {
      d.reject(
        new TransportClosedError("The WebRTC call ended while an event waited to be sent.", reason),
      );
    }
    this.#drains.clear();
    this.#activeResponses.clear();
    this.#log({
      level: reason.kind === "client" ? "info" : "warn",
      msg: "webrtc call closed",
      reason,
    });
    state.handlers.closed(reason);
  }

  #teardown(
    pc: PeerConnectionLike,
    dc: DataChannelLike | undefined,
    media: CallMedia | undefined,
  ): void {
    pc.onconnectionstatechange = null;
    pc.onicegatheringstatechange = null;
    try {
      dc?.close();
    } catch {
      // Already closed.
    }
    try {
      const closing = pc.close();
      if (closing instanceof Promise) closing.catch(() => {});
    } catch {
      // Already closed.
    }
    media?.release();
  }
}

/** `error.message` of a server `error` event, if `data` is one. */
function errorMessageOf(data: string): string | undefined {
  try {
    const event = JSON.parse(data) as { type?: unknown; error?: { message?: unknown } };
    return event.type === "error" && typeof event.error?.message === "string"
      ? event.error.message
      : undefined;
  } catch {
    return undefined;
  }
}
