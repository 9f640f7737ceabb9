import { pcm16SpeechLike } from "@echo/mock-server";
import { bench, describe } from "vitest";
import { evanOpus, FRAME_SAMPLES, opusscriptOpus } from "../src/node/opus.js";

// One second of speech, encoded and decoded in 20 ms frames: the Node peer's codec work per
// second of a call in each direction. @evan/opus (native) against the opusscript fallback (wasm).
const speech = pcm16SpeechLike(1000);
const evan = (await evanOpus())();
const wasm = (await opusscriptOpus())();

function second(codec: typeof evan): void {
  for (let at = 0; at + FRAME_SAMPLES <= speech.length; at += FRAME_SAMPLES) {
    codec.decode(codec.encode(speech.subarray(at, at + FRAME_SAMPLES)));
  }
}

describe("Opus encode + decode of 1 s of speech (24 kHz mono, 20 ms frames)", () => {
  bench("@evan/opus (native)", () => second(evan));
  bench("opusscript (wasm fallback)", () => second(wasm));
});
