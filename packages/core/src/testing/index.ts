export {
  type ConformanceFactory,
  type ConformanceOptions,
  type ConformanceServer,
  type ConformanceSubject,
  PROTOCOL_CLOSE_CODES,
  runTransportConformance,
} from "./conformance.js";
export { createFakeSpeaker, type FakeSpeaker } from "./fake-speaker.js";
export {
  createFakeTransport,
  type FakeTransport,
  FakeTransportError,
  type FakeTransportOptions,
  type FakeTransportState,
} from "./fake-transport.js";
