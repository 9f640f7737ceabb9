import { startMockServer } from "@echo/mock-server";
import { connect as connectWs } from "@echo/transport-ws";
import { afterAll, bench, describe } from "vitest";
import { RTCPeerConnection } from "werift";
import { connect } from "../src/index.js";

// Time from connect() to session.created against the same local mock in the same run: the
// WebSocket path is the baseline (an upgrade), the WebRTC path adds the SDP post, ICE, DTLS and
// SCTP. The mock runs in this process, as in a user's test suite.
const KEY = "sk-bench-key-0000000000";
const mock = await startMockServer();
afterAll(() => mock.close());
async function mint(): Promise<string> {
  const res = await fetch(`${mock.httpUrl}/v1/realtime/client_secrets`, {
    method: "POST",
    headers: { Authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: "{}",
  });
  return ((await res.json()) as { value: string }).value;
}

// A client secret opens many sessions until it expires: mint once, outside the timing.
const secret = await mint();

describe("connect() -> session.created (local mock)", () => {
  bench(
    "websocket (@echo/transport-ws)",
    async () => {
      const session = await connectWs({ url: mock.url, apiKey: KEY });
      await session.take();
      await session.close();
    },
    { time: 2000, warmupIterations: 3 },
  );

  bench(
    "webrtc (werift)",
    async () => {
      const session = await connect(secret, { url: mock.callsUrl, RTCPeerConnection });
      await session.take();
      await session.close();
    },
    { time: 4000, warmupIterations: 2 },
  );
});
