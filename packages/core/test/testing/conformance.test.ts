import { runTransportConformance } from "../../src/testing/conformance.js";
import { createFakeTransport } from "../../src/testing/index.js";

// The suite against the fake transport: keeps the suite itself honest. Real transports run it
// over real sockets in their own packages (see @echo/transport-ws).
runTransportConformance("fake transport", () => {
  const t = createFakeTransport({ greeting: [{ type: "session.created", event_id: "server_1" }] });
  return {
    transport: t,
    server: {
      next: () => t.nextSent(),
      send: (data) => t.receive(data),
      close: (code, reason) => t.serverClose(code, reason),
    },
  };
});
