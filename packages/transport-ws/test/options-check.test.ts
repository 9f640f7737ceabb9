import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import {
  createWebSocketTransport,
  InvalidTransportOptionsError,
  TransportConnectError,
  type WebSocketTransportOptions,
} from "../src/index.js";
import type { SocketPlatform } from "../src/socket.js";
import { platform } from "../src/socket-node.js";
import { WebSocketTransport } from "../src/transport.js";
import { recordingHandlers } from "./helpers/handlers.js";

const KEY = "sk-test-options-SECRET";
const url = "ws://127.0.0.1:9/v1/realtime";

describe("options are checked when the transport is made", () => {
  const bad: [string, WebSocketTransportOptions, RegExp][] = [
    ["heartbeat interval 0", { heartbeat: { intervalMs: 0 } }, /heartbeat.intervalMs/],
    ["heartbeat timeout NaN", { heartbeat: { timeoutMs: Number.NaN } }, /heartbeat.timeoutMs/],
    ["negative highWaterMark", { highWaterMark: -1 }, /highWaterMark/],
    [
      "connect timeout Infinity",
      { connectTimeoutMs: Number.POSITIVE_INFINITY },
      /connectTimeoutMs/,
    ],
    ["close timeout -5", { closeTimeoutMs: -5 }, /closeTimeoutMs/],
    ["maxAttempts 1.5", { reconnect: { maxAttempts: 1.5 } }, /reconnect.maxAttempts/],
    ["maxAttempts -1", { reconnect: { maxAttempts: -1 } }, /reconnect.maxAttempts/],
    [
      "initial delay NaN",
      { reconnect: { initialDelayMs: Number.NaN } },
      /reconnect.initialDelayMs/,
    ],
    ["factor 0.5", { reconnect: { factor: 0.5 } }, /reconnect.factor/],
    ["stableAfterMs -1", { reconnect: { stableAfterMs: -1 } }, /reconnect.stableAfterMs/],
    ["maxPayload 0", { maxPayload: 0 }, /maxPayload/],
  ];
  for (const [name, options, field] of bad) {
    it(`${name}: InvalidTransportOptionsError naming the field`, () => {
      let error: unknown;
      try {
        createWebSocketTransport({ apiKey: KEY, url, ...options });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidTransportOptionsError);
      expect((error as Error).message).toMatch(field);
    });
  }

  it("in-range values are fine", () => {
    expect(() =>
      createWebSocketTransport({
        apiKey: KEY,
        url,
        heartbeat: { intervalMs: 1, timeoutMs: 1 },
        highWaterMark: 0,
        reconnect: {
          maxAttempts: 0,
          initialDelayMs: 0,
          maxDelayMs: 0,
          factor: 1,
          stableAfterMs: 0,
        },
      }),
    ).not.toThrow();
  });
});

describe("credentials and headers an HTTP request cannot carry", () => {
  it("a key or header with a forbidden character is a usage error up front, without the key", () => {
    const cases: WebSocketTransportOptions[] = [
      { apiKey: `${KEY}\n` },
      { apiKey: KEY, headers: { "X-Bad": "a\r\nInjected: 1" } },
      { apiKey: KEY, headers: { "Bad Name": "x" } },
      { apiKey: KEY, safetyIdentifier: "user\n1" },
    ];
    for (const options of cases) {
      let error: unknown;
      try {
        createWebSocketTransport({ url, ...options });
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(options)).toBeInstanceOf(InvalidTransportOptionsError);
      expect((error as Error).message).not.toContain("SECRET");
    }
  });

  it("a platform whose socket constructor throws leaks no abort listener (open rejects, transport closed)", async () => {
    const throwing: SocketPlatform = {
      ...platform,
      open: () => {
        throw new Error(`boom with ${KEY}`);
      },
    };
    const signal = new AbortController().signal;
    for (let i = 0; i < 3; i++) {
      const t = new WebSocketTransport(throwing, { apiKey: KEY, url });
      const err = await t.open(recordingHandlers().handlers, signal).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportConnectError);
      expect((err as Error).message).not.toContain("SECRET");
      await t.close();
    }
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });
});
