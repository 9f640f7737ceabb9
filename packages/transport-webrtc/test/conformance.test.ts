import { runTransportConformance } from "@echo/core/testing/conformance";
import { startMockServer } from "@echo/mock-server";
import { RTCPeerConnection } from "werift";
import { createWebRtcTransport } from "../src/index.js";
import { mint } from "./helpers/mock.js";

// A WebRTC call has no close codes: the server ends it by closing the data channel (tested in
// close.test.ts as { kind: "server", code: 1000 }), so the suite's close-code cases are off.
runTransportConformance(
  "webrtc (werift) against the mock server",
  async () => {
    const mock = await startMockServer();
    const transport = createWebRtcTransport(await mint(mock), {
      url: mock.callsUrl,
      RTCPeerConnection,
    });
    const call = mock.nextCall();
    return {
      transport,
      server: {
        next: async () => (await call).nextFrame(),
        send: async (data) => (await (await call).session).sendRaw(data),
        close: async () => (await call).hangup(),
      },
      dispose: () => mock.close(),
    };
  },
  { closeCodes: [] },
);
