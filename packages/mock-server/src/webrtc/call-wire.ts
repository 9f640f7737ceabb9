import type {
  MediaStreamTrack,
  RTCDataChannel,
  RTCPeerConnection,
  RTCRtpTransceiver,
} from "werift";
import { decodeToPcm24k, encodeFromPcm24k } from "../audio/pcm.js";
import { isObject, type JsonObject } from "../json.js";
import { type AudioFormat, inputFormat, outputFormat, turnDetection } from "../session-config.js";
import type { SessionWire, WireFrame, WireListener } from "../wire.js";
import type { CallMediaStats } from "./call-media-stats.js";
import { OpusPair } from "./opus.js";
import { OutputAudioBuffer } from "./output-audio.js";
import { RtpWriter } from "./rtp.js";

/**
 * How long a hang-up waits for the client to accept the data channel's stream reset before
 * closing the peer anyway. Chromium answers "in progress" while a chunk werift sent in the
 * call's first second is still missing, and werift only retries after 1 s and 2 s more, so a
 * hang-up right after the channel opened reaches Chromium after about 3 s (measured: 3.0 s;
 * 3 ms once the call is a few seconds old).
 */
const CHANNEL_CLOSE_CAP_MS = 5000;
/**
 * After our reset is accepted the client resets its own stream back; its channel only fires
 * `close` once werift answers that, so the peer stays up a little longer (measured: 3 ms).
 */
const PEER_RESET_GRACE_MS = 250;

/** Counters of one call's media, for tests and benchmarks. */
/** How the wire sends a server event through its session (event id, sidebands, counts). */
export type SessionEmit = (event: JsonObject & { type: string }) => void;

/**
 * The {@link SessionWire} of a WebRTC call: JSON events on the `oai-events` data channel, plus
 * the media a WebSocket does not have. Client audio arrives as Opus RTP and goes into the input
 * buffer as `input_audio_buffer.append` (in the session's input format), so server VAD and
 * transcription run as on the WebSocket. The reply's `response.output_audio.delta` events do not
 * go on the channel: their audio is queued in the server-side output buffer and played on the
 * track as Opus, with `output_audio_buffer.*` events. `output_audio_buffer.clear` is handled
 * here; the WebSocket session never sees it (there it stays an error).
 */
export class CallWire implements SessionWire {
  readonly stats: CallMediaStats = { packetsIn: 0, packetsOut: 0 };
  readonly #pc: RTCPeerConnection;
  readonly #dc: RTCDataChannel;
  readonly #codec = new OpusPair();
  readonly #rtp = new RtpWriter();
  readonly #output: OutputAudioBuffer;
  readonly #tap: (text: string) => void;
  #listener: WireListener | undefined;
  #emit: SessionEmit | undefined;
  #paused: WireFrame[] | undefined;
  #closed = false;
  #shutdown: Promise<void> | undefined;
  #inputFormat: AudioFormat = { type: "audio/pcm", rate: 24000, bytesPerMs: 48 };
  #outputFormat: AudioFormat = { type: "audio/pcm", rate: 24000, bytesPerMs: 48 };
  #interruptResponse = true;
  #vad = true;

  constructor(
    pc: RTCPeerConnection,
    dc: RTCDataChannel,
    transceiver: RTCRtpTransceiver,
    tap: (text: string) => void,
  ) {
    this.#pc = pc;
    this.#dc = dc;
    this.#tap = tap;
    this.#output = new OutputAudioBuffer({
      sendFrame: (frame, start) => {
        if (start) this.#rtp.talkSpurt();
        this.stats.packetsOut++;
        transceiver.sender.sendRtp(this.#rtp.packet(this.#codec.encode(frame))).catch(() => {});
      },
      emit: (type, responseId) => this.#emit?.({ type, response_id: responseId }),
    });
    dc.onMessage.subscribe((data) => {
      if (typeof data !== "string") this.#deliver({ kind: "binary", bytes: new Uint8Array(data) });
      else this.#incoming(data);
    });
    dc.stateChanged.subscribe((state) => {
      if (state === "closed") this.#ended(1000, "");
    });
    pc.connectionStateChange.subscribe((state) => {
      if (state === "failed" || state === "closed") this.#ended(1006, "");
    });
    // The remote track usually exists already (made by setRemoteDescription, before the channel opened).
    const listen = (track: MediaStreamTrack) =>
      track.onReceiveRtp.subscribe((rtp) => this.#audioIn(rtp.payload));
    for (const track of transceiver.receiver.tracks) listen(track);
    transceiver.onTrack.subscribe((track) => listen(track));
  }

  /** Lets the wire send events through the session once the session exists. */
  bind(emit: SessionEmit): void {
    this.#emit = emit;
  }

  get bufferedAmount(): number {
    return this.#dc.bufferedAmount;
  }

  listen(listener: WireListener): void {
    this.#listener = listener;
  }

  send(text: string): void {
    if (this.#closed) return;
    // The session writes `{"type":…` first, so the type is cheap to read.
    if (text.startsWith('{"type":"response.output_audio.delta"')) {
      this.#audioOut(text);
      return;
    }
    if (text.startsWith('{"type":"session.')) this.#followConfig(text);
    try {
      this.#dc.send(text);
    } catch {
      // The channel is closing; `closed` follows.
    }
    if (text.startsWith('{"type":"response.done"')) this.#responseDone(text);
    else if (text.startsWith('{"type":"input_audio_buffer.speech_started"')) this.#bargeIn();
  }

  close(_code: number, reason: string): void {
    if (this.#closed) return;
    void this.shutdown();
    this.#ended(1000, reason);
  }

  /**
   * Ends the call the way a browser notices at once: closes the data channel (an SCTP stream
   * reset), waits until it is closed (the client accepted the reset; at most
   * {@link CHANNEL_CLOSE_CAP_MS}) and {@link PEER_RESET_GRACE_MS} more for the client's own
   * reset, then closes the peer connection. Closing the peer first drops the reset in flight, and
   * a browser only notices when ICE consent fails, 6-12 s later.
   * Idempotent; resolves once the peer connection is closed.
   */
  shutdown(): Promise<void> {
    this.#shutdown ??= this.#closeChannelThenPeer();
    return this.#shutdown;
  }

  terminate(): void {
    // Gone without a word: the client only notices when ICE consent fails.
    this.#shutdown ??= this.#pc.close().catch(() => {});
    this.#ended(1006, "");
  }

  async #closeChannelThenPeer(): Promise<void> {
    if (this.#dc.readyState !== "closed") {
      const closed = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CHANNEL_CLOSE_CAP_MS);
        timer.unref();
        this.#dc.stateChanged.subscribe((state) => {
          if (state !== "closed") return;
          clearTimeout(timer);
          resolve();
        });
      });
      try {
        this.#dc.close();
      } catch {
        // Already closing: `closed` follows (or the cap).
      }
      await closed;
      await new Promise<void>((resolve) => setTimeout(resolve, PEER_RESET_GRACE_MS).unref());
    }
    await this.#pc.close().catch(() => {});
  }

  pause(): void {
    this.#paused ??= [];
  }

  resume(): void {
    const held = this.#paused;
    this.#paused = undefined;
    for (const frame of held ?? []) this.#listener?.frame(frame);
  }

  #incoming(text: string): void {
    this.#tap(text);
    if (text.includes('"output_audio_buffer.clear"')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (isObject(parsed) && parsed.type === "output_audio_buffer.clear") {
        this.#output.clear();
        return;
      }
    }
    this.#deliver({ kind: "text", text });
  }

  #deliver(frame: WireFrame): void {
    if (this.#paused !== undefined) this.#paused.push(frame);
    else this.#listener?.frame(frame);
  }

  #audioIn(payload: Buffer): void {
    if (this.#closed || this.#emit === undefined || payload.byteLength === 0) return;
    this.stats.packetsIn++;
    let samples: Int16Array;
    try {
      samples = this.#codec.decode(payload);
    } catch {
      return; // A packet that is not Opus: dropped, as a real jitter buffer would.
    }
    const bytes = encodeFromPcm24k(samples, this.#inputFormat);
    this.#deliver({
      kind: "text",
      text: `{"type":"input_audio_buffer.append","audio":"${bytes.toString("base64")}"}`,
    });
  }

  #audioOut(text: string): void {
    const event = JSON.parse(text) as { response_id?: unknown; delta?: unknown };
    if (typeof event.delta !== "string" || typeof event.response_id !== "string") return;
    const samples = decodeToPcm24k(Buffer.from(event.delta, "base64"), this.#outputFormat);
    this.#output.push(event.response_id, samples);
  }

  #responseDone(text: string): void {
    const event = JSON.parse(text) as { response?: { id?: unknown } };
    if (typeof event.response?.id === "string") this.#output.responseDone(event.response.id);
  }

  #bargeIn(): void {
    // With server VAD and interrupt_response, the server cuts its own reply off on barge-in.
    if (this.#vad && this.#interruptResponse) this.#output.bargeIn();
  }

  #followConfig(text: string): void {
    const event = JSON.parse(text) as { type?: unknown; session?: unknown };
    if (!isObject(event.session)) return;
    if (event.type !== "session.created" && event.type !== "session.updated") return;
    this.#inputFormat = inputFormat(event.session);
    this.#outputFormat = outputFormat(event.session);
    const td = turnDetection(event.session);
    this.#vad = td !== null;
    this.#interruptResponse = td?.interruptResponse ?? false;
  }

  #ended(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#output.release();
    this.#listener?.closed(code, reason);
  }
}
