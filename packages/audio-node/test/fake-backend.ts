import type {
  AudioBackend,
  AudioNodeError,
  BackendHandlers,
  BackendOpenOptions,
  BackendStream,
} from "../src/index.js";

/**
 * A duplex backend whose clock the test drives: each `tick()` is one device callback. It plays
 * the next queued chunk (or silence) and hands the test's microphone chunk back with it, like
 * naudiodon2's host does. `echo` feeds what was played back into the microphone `delay`
 * samples later (a room, digitally).
 */
export class FakeBackend implements AudioBackend {
  readonly streams: FakeStream[] = [];
  devices = [
    {
      id: 0,
      name: "fake mic",
      hostApi: "Fake",
      maxInputChannels: 1,
      maxOutputChannels: 0,
      defaultSampleRate: 48000,
      isDefaultInput: true,
      isDefaultOutput: false,
    },
    {
      id: 1,
      name: "fake speaker",
      hostApi: "Fake",
      maxInputChannels: 0,
      maxOutputChannels: 2,
      defaultSampleRate: 48000,
      isDefaultInput: false,
      isDefaultOutput: true,
    },
  ];

  async listDevices() {
    return this.devices;
  }

  open(options: BackendOpenOptions, handlers: BackendHandlers): BackendStream {
    const stream = new FakeStream(options, handlers);
    this.streams.push(stream);
    return stream;
  }

  /** The one open stream. */
  get stream(): FakeStream {
    const s = this.streams[this.streams.length - 1];
    if (s === undefined) throw new Error("no stream opened");
    return s;
  }
}

export class FakeStream implements BackendStream {
  readonly ready: Promise<{
    mode: "duplex";
    input: { id: number; name: string };
    output: { id: number; name: string };
    outputLatencyMs: number;
    inputLatencyMs: number;
  }>;
  readonly queue: { samples: Int16Array; tag: number }[] = [];
  readonly played: { samples: Int16Array; tag: number }[] = [];
  volume = 1;
  closed = false;
  ref = true;
  flushes = 0;
  /** Chunks at the head of the queue already handed to the device: a flush cannot recall them. */
  prime = 0;
  /** Echo path: gain and delay (device samples) from speaker to mic; 0 gain = no echo. */
  echo = { gain: 0, delay: 0 };
  #history: number[] = [];
  #late = 0;
  #xruns = 0;
  readonly options: BackendOpenOptions;
  readonly #handlers: BackendHandlers;

  constructor(options: BackendOpenOptions, handlers: BackendHandlers) {
    this.options = options;
    this.#handlers = handlers;
    this.ready = Promise.resolve({
      mode: "duplex",
      input: { id: 0, name: "fake mic" },
      output: { id: 1, name: "fake speaker" },
      outputLatencyMs: 0,
      inputLatencyMs: 0,
    });
  }

  get queuedChunks() {
    return this.queue.length;
  }

  write(samples: Int16Array, tag: number) {
    if (samples.length !== this.options.chunkFrames)
      throw new Error(`chunk of ${samples.length}, expected ${this.options.chunkFrames}`);
    this.queue.push({ samples: samples.slice(), tag });
  }

  flush(): Promise<readonly number[]> {
    this.flushes++;
    this.queue.splice(this.prime);
    return Promise.resolve(this.queue.map((c) => c.tag));
  }

  setVolume(gain: number) {
    this.volume = gain;
  }

  async close() {
    this.closed = true;
  }

  setRef(ref: boolean) {
    this.ref = ref;
  }

  /**
   * One device callback: plays the next chunk, captures `mic` (plus the echo). `glitch` reports
   * it as late (the device waited) or as an xrun (its input lost: silence), like the host does.
   */
  tick(mic?: Int16Array, glitch?: "late" | "xrun") {
    if (glitch === "late") this.#late++;
    if (glitch === "xrun") {
      this.#xruns++;
      mic = new Int16Array(this.options.chunkFrames);
    }
    const n = this.options.chunkFrames;
    const next = this.queue.shift() ?? { samples: new Int16Array(n), tag: -1 };
    const far = next.samples.map((v) => Math.round(v * this.volume));
    this.played.push({ samples: far, tag: next.tag });
    const captured = new Int16Array(n);
    for (let i = 0; i < n; i++) {
      this.#history.push(far[i] as number);
      const echoed =
        this.echo.gain === 0
          ? 0
          : (this.#history[this.#history.length - 1 - this.echo.delay] ?? 0) * this.echo.gain;
      const v = (mic?.[i] ?? 0) + echoed;
      captured[i] = Math.max(-32768, Math.min(32767, Math.round(v)));
    }
    if (this.#history.length > 96000) this.#history = this.#history.slice(-48000);
    this.#handlers.chunk(captured, far, next.tag, {
      queued: this.queue.length,
      late: this.#late,
      xruns: this.#xruns,
      inDevice: this.queue.slice(0, this.prime).map((c) => c.tag),
    });
  }

  /** The device fails (unplugged). */
  fail(error: AudioNodeError) {
    this.#handlers.fail(error);
  }
}
