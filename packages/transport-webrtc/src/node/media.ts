import type { AudioPosition, AudioSource, Logger } from "@echo/core";
import { InvalidWebRtcOptionsError } from "../errors.js";
import type { WebRtcTransportOptions } from "../options.js";
import type { PeerConnectionLike } from "../peer.js";
import type { CallMedia, MediaEvent } from "../platform/types.js";
import { FRAME_SAMPLES, loadOpus, type OpusCodec } from "./opus.js";
import { RtpPacketizer } from "./rtp.js";

// The parts of werift this uses (structural, so werift stays an optional peer).
interface WeriftSender {
  sendRtp(rtp: Buffer): Promise<void> | void;
}
interface WeriftTransceiver {
  readonly sender: WeriftSender;
}
interface WeriftTrack {
  readonly onReceiveRtp: {
    subscribe(
      handler: (rtp: { payload: Uint8Array }) => void,
    ): { unSubscribe(): void } | (() => void);
  };
}
interface WeriftPeer extends PeerConnectionLike {
  addTransceiver(kind: "audio", init: { direction: "sendrecv" }): WeriftTransceiver;
  ontrack: ((event: { track: WeriftTrack }) => void) | null;
}

function isAudioSource(value: unknown): value is AudioSource {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AudioSource).subscribe === "function"
  );
}

/**
 * Node audio over werift: PCM16 24 kHz mono from an `AudioSource` is cut into 20 ms frames,
 * Opus-encoded and sent as RTP; received RTP is decoded and written to the `speaker`, at the
 * position of the assistant audio part the server announced last.
 */
export async function setupNodeMedia(
  peer: PeerConnectionLike,
  options: WebRtcTransportOptions,
  log: Logger,
): Promise<CallMedia> {
  const pc = peer as WeriftPeer;
  if (typeof pc.addTransceiver !== "function") {
    throw new InvalidWebRtcOptionsError(
      "The RTCPeerConnection given has no addTransceiver(): pass werift's RTCPeerConnection in Node.",
    );
  }
  const audio = options.audio ?? "none";
  if (audio !== "none" && !isAudioSource(audio)) {
    throw new InvalidWebRtcOptionsError(
      'In Node, `audio` is "none" or an AudioSource of PCM16 24 kHz frames (e.g. a microphone from @echo/audio-node); "microphone" and MediaStreamTrack are browser-only.',
    );
  }
  const speaker = options.speaker;
  const needsCodec = audio !== "none" || speaker !== undefined;
  const makeCodec = needsCodec ? await loadOpus() : undefined;
  const codec: OpusCodec | undefined = makeCodec?.();
  // Exactly one audio transceiver, sendrecv: what the server plans for.
  const transceiver = pc.addTransceiver("audio", { direction: "sendrecv" });

  let muted = false;
  let released = false;
  let position: AudioPosition = { itemId: "", contentIndex: 0 };
  const releases: (() => void)[] = [];

  if (speaker !== undefined && codec !== undefined) {
    pc.ontrack = ({ track }) => {
      const sub = track.onReceiveRtp.subscribe((rtp) => {
        if (released || rtp.payload.byteLength === 0) return;
        try {
          speaker.write(codec.decode(rtp.payload), position);
        } catch (error) {
          log({ level: "warn", msg: "dropped an undecodable audio packet", error });
        }
      });
      releases.push(() => (typeof sub === "function" ? sub() : sub.unSubscribe()));
    };
  }

  let start = () => {};
  if (isAudioSource(audio) && codec !== undefined) {
    const source = audio;
    const rtp = new RtpPacketizer();
    const frame = new Int16Array(FRAME_SAMPLES);
    const silence = new Int16Array(FRAME_SAMPLES);
    let filled = 0;
    const sendFrame = (samples: Int16Array) => {
      const packet = rtp.packet(codec.encode(muted ? silence : samples));
      const sent = transceiver.sender.sendRtp(packet);
      if (sent instanceof Promise) sent.catch(() => {});
    };
    start = () => {
      if (released) return;
      const stop = source.subscribe({
        frame(samples) {
          if (released) return;
          let at = 0;
          while (at < samples.length) {
            const n = Math.min(FRAME_SAMPLES - filled, samples.length - at);
            frame.set(samples.subarray(at, at + n), filled);
            filled += n;
            at += n;
            if (filled === FRAME_SAMPLES) {
              sendFrame(frame);
              filled = 0;
            }
          }
        },
        end(error) {
          if (error !== undefined)
            log({ level: "warn", msg: "the audio source ended with an error", error });
        },
      });
      releases.push(stop);
    };
  }

  return {
    localTrack: undefined,
    audioElement: undefined,
    start: () => start(),
    setMuted(value) {
      muted = value;
    },
    serverEvent(event: MediaEvent) {
      if (event.type === "response.content_part.added") {
        const part = event.part as { type?: unknown } | undefined;
        if (part?.type === "audio" && typeof event.item_id === "string") {
          position = {
            itemId: event.item_id,
            contentIndex: typeof event.content_index === "number" ? event.content_index : 0,
          };
        }
      } else if (event.type === "output_audio_buffer.cleared") {
        // The server dropped the rest of the reply: drop what is queued locally too.
        speaker?.stop();
      }
    },
    release() {
      if (released) return;
      released = true;
      pc.ontrack = null;
      for (const release of releases) release();
      codec?.release();
      speaker?.stop();
    },
  };
}
