import { Decoder, Encoder } from "@evan/opus";

/** Samples in one 20 ms frame at 24 kHz. */
export const FRAME_SAMPLES = 480;

/** One call's Opus encoder and decoder, mono 24 kHz (Opus itself is rate independent). */
export class OpusPair {
  readonly #encoder = new Encoder({ channels: 1, sample_rate: 24000, application: "voip" });
  readonly #decoder = new Decoder({ channels: 1, sample_rate: 24000 });

  /** Encodes one 20 ms frame ({@link FRAME_SAMPLES} samples). */
  encode(frame: Int16Array): Uint8Array {
    return this.#encoder.encode(frame);
  }

  /** Decodes one packet into samples (copied, so aligned). */
  decode(packet: Uint8Array): Int16Array {
    const bytes = this.#decoder.decode(packet);
    return new Int16Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
  }
}
