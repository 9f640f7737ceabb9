import { FRAME_SAMPLES } from "./opus.js";

/** What the output buffer needs from its call. */
export interface OutputHost {
  /** Encodes and sends one 20 ms frame on the audio track. */
  sendFrame(frame: Int16Array, startOfSpurt: boolean): void;
  /** Sends `output_audio_buffer.started|stopped|cleared` through the session. */
  emit(
    type:
      | "output_audio_buffer.started"
      | "output_audio_buffer.stopped"
      | "output_audio_buffer.cleared",
    responseId: string,
  ): void;
}

interface Chunk {
  responseId: string;
  samples: Int16Array;
}

const FRAME_MS = 20;

/**
 * The server-side output audio buffer of a WebRTC call: the reply's PCM (produced faster than
 * real time) is queued here and played out on the track in real time, 20 ms per packet, with
 * `output_audio_buffer.started` when a response's audio starts, `stopped` when it has all
 * played, and `cleared` when `output_audio_buffer.clear` (or a barge-in) drops the rest.
 */
export class OutputAudioBuffer {
  readonly #host: OutputHost;
  readonly #queue: Chunk[] = [];
  readonly #done = new Set<string>();
  #offset = 0;
  #playing: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #startedAt = 0;
  #framesSent = 0;
  #released = false;
  #last: string | undefined;
  /** Frames sent on the track, for tests and benchmarks. */
  framesSent = 0;

  constructor(host: OutputHost) {
    this.#host = host;
  }

  /** The response whose audio is playing, if any. */
  get playing(): string | undefined {
    return this.#playing;
  }

  /** Queues audio of a response. */
  push(responseId: string, samples: Int16Array): void {
    if (this.#released || samples.length === 0) return;
    this.#last = responseId;
    this.#queue.push({ responseId, samples });
    this.#start();
  }

  /** The response produced all its audio: `stopped` follows once it has played. */
  responseDone(responseId: string): void {
    const queued =
      this.#playing === responseId || this.#queue.some((c) => c.responseId === responseId);
    if (!queued) return;
    this.#done.add(responseId);
    if (this.#playing === responseId && this.#queue.length === 0) this.#stopped();
  }

  /**
   * Drops everything queued and sends `cleared` naming the response playing (or the last one
   * that had audio). Before any response had audio there is nothing to name, and nothing is sent.
   */
  clear(): void {
    const current = this.#playing ?? this.#queue[0]?.responseId ?? this.#last;
    this.#queue.length = 0;
    this.#offset = 0;
    if (this.#playing !== undefined) this.#done.delete(this.#playing);
    this.#playing = undefined;
    this.#halt();
    if (current !== undefined) this.#host.emit("output_audio_buffer.cleared", current);
  }

  /** Drops queued audio on barge-in; `cleared` only when something was playing or queued. */
  bargeIn(): void {
    if (this.#playing !== undefined || this.#queue.length > 0) this.clear();
  }

  /** Stops the clock for good (the call ended). */
  release(): void {
    this.#released = true;
    this.#queue.length = 0;
    this.#halt();
  }

  #start(): void {
    if (this.#timer !== undefined) return;
    this.#startedAt = performance.now();
    this.#framesSent = 0;
    this.#timer = setInterval(() => this.#tick(), FRAME_MS);
    this.#timer.unref();
    this.#tick();
  }

  #halt(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  // Sends every frame that is due by the wall clock, so timer jitter does not slow playback.
  #tick(): void {
    const due = Math.floor((performance.now() - this.#startedAt) / FRAME_MS) + 1;
    while (this.#framesSent < due && this.#timer !== undefined) {
      const frame = this.#nextFrame();
      if (frame === undefined) {
        // Underrun: wait for more audio with the clock reset.
        this.#halt();
        return;
      }
      this.#framesSent++;
    }
  }

  #nextFrame(): Int16Array | undefined {
    const frame = new Int16Array(FRAME_SAMPLES);
    let filled = 0;
    let responseId: string | undefined;
    while (filled < FRAME_SAMPLES) {
      const head = this.#queue[0];
      if (head === undefined) break;
      if (responseId !== undefined && head.responseId !== responseId) break;
      responseId = head.responseId;
      const n = Math.min(FRAME_SAMPLES - filled, head.samples.length - this.#offset);
      frame.set(head.samples.subarray(this.#offset, this.#offset + n), filled);
      filled += n;
      this.#offset += n;
      if (this.#offset === head.samples.length) {
        this.#queue.shift();
        this.#offset = 0;
      }
    }
    if (responseId === undefined) {
      if (this.#playing !== undefined && this.#done.has(this.#playing)) this.#stopped();
      return undefined;
    }
    let start = false;
    if (this.#playing !== responseId) {
      if (this.#playing !== undefined) this.#stopped();
      this.#playing = responseId;
      start = true;
      this.#host.emit("output_audio_buffer.started", responseId);
    }
    this.#host.sendFrame(frame, start);
    this.framesSent++;
    if (this.#queue.length === 0 && this.#done.has(responseId)) this.#stopped();
    return frame;
  }

  #stopped(): void {
    const id = this.#playing;
    if (id === undefined) return;
    this.#playing = undefined;
    this.#done.delete(id);
    this.#host.emit("output_audio_buffer.stopped", id);
  }
}
