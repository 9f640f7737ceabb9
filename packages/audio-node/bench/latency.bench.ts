import { EchoCanceller } from "@echo/aec-rs";
import { openSession } from "@echo/core";
import { createFakeTransport } from "@echo/core/testing";
import { bench, describe } from "vitest";
import { captureAudio, createSpeaker, Resampler } from "../src/index.js";
import { FakeBackend } from "../test/fake-backend.js";

// Added latency has two parts: algorithmic (filter delays, the canceller's lag, chunking: fixed
// numbers, printed once) and the code path (measured below: a device chunk to its append being
// handed to the transport, and a delta to its chunk reaching the backend).
const down = new Resampler({ from: 48000, to: 24000 });
const up = new Resampler({ from: 24000, to: 48000 });
const aec = new EchoCanceller({ sampleRate: 24000 });
process.stderr.write(
  `algorithmic latency: mic -> append ${(down.delay / 24 + aec.latencySamples / 24).toFixed(2)} ms ` +
    `(resampler ${(down.delay / 24).toFixed(2)} + AEC ${(aec.latencySamples / 24).toFixed(2)}; chunking adds up to the 20 ms interval); ` +
    `delta -> device ${(up.delay / 48).toFixed(2)} ms (resampler) + up to one 20 ms chunk + the host's 2 primed chunks (40 ms)\n`,
);

const backend = new FakeBackend();
const transport = createFakeTransport();
const session = await openSession(transport);
captureAudio(session, { backend, intervalMs: 20 });
const speaker = createSpeaker({ backend });
const micChunk = new Int16Array(960).fill(1000);
const delta = new Int16Array(480).fill(1000);
let n = 0;

describe("code path per 20 ms chunk (mean time = added processing latency)", () => {
  bench("device chunk -> resample, AEC, base64 -> append handed to the session", async () => {
    backend.stream.tick(micChunk);
    await Promise.resolve();
  });
  bench("delta samples -> resample -> chunk queued to the device backend", () => {
    speaker.write(delta, { itemId: `item_${n++ % 4}`, contentIndex: 0 });
    backend.stream.queue.length = 0;
  });
});
