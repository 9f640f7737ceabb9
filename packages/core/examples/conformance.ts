import { createFakeTransport } from "@echo/core/testing";
import { runTransportConformance } from "@echo/core/testing/conformance";

// In a transport package's test file: the suite opens, sends, receives and closes through the
// transport while `server` plays the other end of its one connection.
runTransportConformance("fake transport (README example)", () => {
  const transport = createFakeTransport();
  return {
    transport,
    server: {
      next: () => transport.nextSent(), // the next frame the server received
      send: (data) => transport.receive(data), // a frame from the server
      close: (code, reason) => transport.serverClose(code, reason),
    },
  };
});
