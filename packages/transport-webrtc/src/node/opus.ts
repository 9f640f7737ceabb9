import { AudioUnavailableError } from "../errors.js";

/** PCM16 24 kHz mono in and out, 20 ms per packet. */
export const OPUS_RATE = 24_000;
/** Samples in one 20 ms frame at 24 kHz. */
export const FRAME_SAMPLES = 480;

/** One Opus encoder and decoder pair for a call, mono at 24 kHz (Opus streams are rate independent). */
export interface OpusCodec {
  /** Which library does the work. */
  readonly library: "@evan/opus" | "opusscript";
  /** Encodes exactly {@link FRAME_SAMPLES} samples into one packet. */
  encode(frame: Int16Array): Uint8Array;
  /** Decodes one packet (any frame length) into samples. */
  decode(packet: Uint8Array): Int16Array;
  /** Frees native or wasm memory. */
  release(): void;
}

interface EvanEncoder {
  encode(buf: ArrayBufferView): Uint8Array;
}
interface EvanDecoder {
  decode(buf: ArrayBufferView): Uint8Array;
}
interface EvanModule {
  Encoder: new (o: { channels: 1; sample_rate: 24000; application: "voip" }) => EvanEncoder;
  Decoder: new (o: { channels: 1; sample_rate: 24000 }) => EvanDecoder;
}
interface OpusScriptInstance {
  encode(pcm: Uint8Array, frameSize: number): Uint8Array;
  decode(packet: Uint8Array): Uint8Array;
  delete(): void;
}
interface OpusScriptClass {
  new (rate: 24000, channels: 1, application: number): OpusScriptInstance;
  Application: { VOIP: number };
}

/** Samples from decoded bytes (copied when the bytes are not 2-aligned). */
function samplesOf(bytes: Uint8Array): Int16Array {
  if (bytes.byteOffset % 2 === 0)
    return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1);
  return new Int16Array(bytes.slice().buffer);
}

function bytesOf(samples: Int16Array): Uint8Array {
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
}

/** Makes a codec with `@evan/opus` (native, prebuilt in its npm package). */
export async function evanOpus(): Promise<() => OpusCodec> {
  const evan = (await import("@evan/opus")) as unknown as EvanModule;
  return () => {
    const encoder = new evan.Encoder({ channels: 1, sample_rate: 24000, application: "voip" });
    const decoder = new evan.Decoder({ channels: 1, sample_rate: 24000 });
    return {
      library: "@evan/opus",
      encode: (frame) => encoder.encode(frame),
      decode: (packet) => samplesOf(decoder.decode(packet)),
      release() {},
    };
  };
}

/** Makes a codec with `opusscript` (libopus compiled to wasm; slower, no native code). */
export async function opusscriptOpus(): Promise<() => OpusCodec> {
  const mod = (await import("opusscript")) as unknown as { default: OpusScriptClass };
  const OpusScript = mod.default;
  return () => {
    const codec = new OpusScript(24000, 1, OpusScript.Application.VOIP);
    return {
      library: "opusscript",
      encode: (frame) => codec.encode(bytesOf(frame), FRAME_SAMPLES),
      decode: (packet) => samplesOf(codec.decode(packet)),
      release: () => codec.delete(),
    };
  };
}

let loading: Promise<() => OpusCodec> | undefined;

/**
 * Loads an Opus implementation: `@evan/opus` (a prebuilt native binary in its npm package, the
 * fast one) or else `opusscript` (wasm). Rejects with `AudioUnavailableError` saying what to
 * install when neither is there.
 */
export function loadOpus(): Promise<() => OpusCodec> {
  loading ??= load();
  return loading;
}

async function load(): Promise<() => OpusCodec> {
  const errors: unknown[] = [];
  for (const loader of [evanOpus, opusscriptOpus]) {
    try {
      return await loader();
    } catch (error) {
      errors.push(error);
    }
  }
  loading = undefined;
  throw new AudioUnavailableError(
    "Node WebRTC audio needs an Opus codec: `npm install @evan/opus` (prebuilt binary, fast) or `npm install opusscript` (wasm). Or pass no `audio`/`speaker` for a text-only call.",
    { cause: errors[0] },
  );
}
