import { openSession } from "@echo/core";
import { takeUntil } from "@echo/core/testing";
import { type MockServer, startMockServer } from "@echo/mock-server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { InsecureApiKeyError, InvalidTransportOptionsError } from "../src/index.js";
import { platform } from "../src/socket-browser.js";
import { WebSocketTransport } from "../src/transport.js";
import { askText } from "./helpers/events.js";
import { recordingHandlers, turns } from "./helpers/handlers.js";
import { startRawServer } from "./helpers/raw-server.js";

// The browser shim runs here against `ws`'s WebSocket, which implements the browser API
// (constructor with subprotocols, addEventListener, bufferedAmount, readyState constants).
let mock: MockServer | undefined;
let protocolsSeen: string[] = [];

beforeEach(() => {
  protocolsSeen = [];
  class RecordingWebSocket extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols);
      protocolsSeen = protocols;
    }
  }
  vi.stubGlobal("WebSocket", RecordingWebSocket);
});

afterEach(async () => {
  vi.unstubAllGlobals();
  await mock?.close();
  mock = undefined;
});

async function mintClientSecret(server: MockServer): Promise<string> {
  const res = await fetch(`${server.httpUrl}/v1/realtime/client_secrets`, {
    method: "POST",
    headers: { Authorization: "Bearer sk-server-side-key", "Content-Type": "application/json" },
    body: JSON.stringify({ session: { type: "realtime", model: "gpt-realtime" } }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { value: string };
  return body.value;
}

describe("browser shim (native WebSocket API)", () => {
  it("sends an ek_ client secret as a subprotocol, never in the URL, and completes a text turn", async () => {
    mock = await startMockServer();
    const secret = await mintClientSecret(mock);
    expect(secret.startsWith("ek_")).toBe(true);
    const transport = new WebSocketTransport(platform, { apiKey: secret, url: mock.url });
    expect(transport.url).not.toContain(secret);
    const session = await openSession(transport);
    expect(protocolsSeen).toEqual(["realtime", `openai-insecure-api-key.${secret}`]);
    await takeUntil(session, "session.created");
    await askText(session, "from the browser");
    const events = await takeUntil(session, "response.done");
    expect(events.some((e) => e.type === "response.output_audio_transcript.delta")).toBe(true);
    expect(await session.close()).toMatchObject({ kind: "client" });
  });

  it("refuses a long-lived sk- key with a clear error that does not contain it", () => {
    let error: unknown;
    try {
      new WebSocketTransport(platform, { apiKey: "sk-live-SECRET-123", url: "ws://127.0.0.1:1" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InsecureApiKeyError);
    expect((error as Error).message).toContain("client_secrets");
    expect((error as Error).message).not.toContain("SECRET");
  });

  it("refuses headers, which browsers cannot set", () => {
    expect(
      () => new WebSocketTransport(platform, { apiKey: "ek_abc", headers: { "X-A": "1" } }),
    ).toThrow(InvalidTransportOptionsError);
  });

  it("needs an explicit key (no environment in a browser)", () => {
    expect(() => new WebSocketTransport(platform, {})).toThrow(/ephemeral client secret/);
  });

  it("backpressure: send() waits while bufferedAmount is above the mark (polling, no drain event)", async () => {
    const server = await startRawServer({ handleProtocols: () => "realtime" });
    try {
      const t = new WebSocketTransport(platform, {
        apiKey: "ek_test",
        url: server.url,
        highWaterMark: 64 * 1024,
      });
      await t.open(recordingHandlers().handlers);
      const conn = await server.nextConnection();
      const raw = (conn.socket as unknown as { _socket: import("node:net").Socket })._socket;
      raw.pause();
      const chunk = `{"type":"input_audio_buffer.append","audio":"${"A".repeat(512 * 1024)}"}`;
      let settled = 0;
      const sends = Array.from({ length: 32 }, () => t.send(chunk).then(() => settled++));
      await turns(5);
      expect(settled).toBeLessThan(32);
      raw.resume();
      await Promise.all(sends);
      await t.close();
    } finally {
      await server.close();
    }
  });
});
