export {
  createFakeTransport,
  type FakeTransport,
  type FakeTransportOptions,
  type FakeTransportState,
} from "./fake-transport.js";
