// Fakes and helpers for tests; nothing here imports a test runner. The transport conformance
// suite (which needs vitest) is at `@echo/core/testing/conformance`.
export { createFakeSpeaker, type FakeSpeaker } from "./fake-speaker.js";
export {
  createFakeTransport,
  type FakeTransport,
  FakeTransportError,
  type FakeTransportOptions,
  type FakeTransportState,
} from "./fake-transport.js";
export { concatPcm, pcmRamp, pcmSilence, pcmTone } from "./pcm-signals.js";
export { createPushSource, type PushSource } from "./push-source.js";
export { type EventSource, takeUntil } from "./take-until.js";
