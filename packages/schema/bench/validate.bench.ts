import { bench, describe } from "vitest";
import { validate } from "../src/index.js";
import { fullSessionUpdate, pcmChunkBase64 } from "../test/fixtures.js";

// 20 ms of PCM16 at 24 kHz: 960 samples, 1920 bytes, 2560 base64 characters.
const append = { type: "input_audio_buffer.append", audio: pcmChunkBase64(960) };

describe("input_audio_buffer.append, 20 ms of audio", () => {
  bench("JSON.stringify (baseline: the send path already pays this)", () => {
    JSON.stringify(append);
  });
  bench("validate()", () => {
    validate(append);
  });
});

describe("session.update with every session field", () => {
  bench("JSON.stringify (baseline)", () => {
    JSON.stringify(fullSessionUpdate);
  });
  bench("validate()", () => {
    validate(fullSessionUpdate);
  });
});
