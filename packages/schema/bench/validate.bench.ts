import { randomBytes } from "node:crypto";
import { bench, describe } from "vitest";
import { validate } from "../src/index.js";
import { fullSessionUpdate } from "../test/fixtures.js";

// 20 ms of PCM16 at 24 kHz: 960 samples, 1920 bytes, 2560 base64 characters. Every iteration
// takes the NEXT of 512 distinct chunks (1.3 MB in all, more than L2): validating one string
// over and over lets the branch predictor learn it and reports a cost no real stream sees.
const CHUNKS = 512;
const appends = Array.from({ length: CHUNKS }, () => ({
  type: "input_audio_buffer.append" as const,
  audio: randomBytes(1920).toString("base64"),
}));
let i = 0;
const next = () => appends[i++ & (CHUNKS - 1)] as (typeof appends)[number];

describe("input_audio_buffer.append, 20 ms of audio (distinct chunks)", () => {
  bench("JSON.stringify (baseline: the send path already pays this)", () => {
    JSON.stringify(next());
  });
  bench("validate()", () => {
    validate(next());
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
