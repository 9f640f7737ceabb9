import { type MockServer, type MockServerOptions, startMockServer } from "@echo/mock-server";
import { RTCPeerConnection } from "werift";
import { connect } from "../../src/index.js";
import type { WebRtcConnectOptions } from "../../src/options.js";

/** A standard key the mock accepts (never a real one). */
export const KEY = "sk-proj-webrtcTESTkey0123456789";

/** Starts a mock server, remembered for cleanup by `cleanup`. */
export async function startMock(
  cleanups: (() => Promise<void>)[],
  options: MockServerOptions = {},
): Promise<MockServer> {
  const mock = await startMockServer(options);
  cleanups.push(() => mock.close());
  return mock;
}

/** Mints a client secret from the mock over its real HTTP endpoint. */
export async function mint(mock: MockServer, session?: object, seconds?: number): Promise<string> {
  const res = await fetch(`${mock.httpUrl}/v1/realtime/client_secrets`, {
    method: "POST",
    headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      ...(session ? { session } : {}),
      ...(seconds ? { expires_after: { anchor: "created_at", seconds } } : {}),
    }),
  });
  const json = (await res.json()) as { value: string };
  return json.value;
}

/** Connects to the mock over WebRTC with werift. */
export async function call(mock: MockServer, options: WebRtcConnectOptions = {}) {
  const secret = await mint(mock);
  return connect(secret, { url: mock.callsUrl, RTCPeerConnection, ...options });
}
