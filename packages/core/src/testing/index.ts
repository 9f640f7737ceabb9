export { createFakeSpeaker, type FakeSpeaker } from "./fake-speaker.js";
export {
  createFakeTransport,
  type FakeTransport,
  type FakeTransportOptions,
  type FakeTransportState,
} from "./fake-transport.js";
