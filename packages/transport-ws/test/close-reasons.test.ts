import type { CloseReason } from "@echo/core";
import { afterEach, describe, expect, it } from "vitest";
import { createWebSocketTransport } from "../src/index.js";
import { recordingHandlers } from "./helpers/handlers.js";
import { type RawServer, startRawServer } from "./helpers/raw-server.js";

const KEY = "sk-test-close";
let server: RawServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Opens a transport against a server that does `act` with the connection, returns the close reason. */
async function closeWith(act: (c: import("./helpers/raw-server.js").RawConnection) => void) {
  server = await startRawServer({ onConnection: act });
  const t = createWebSocketTransport({ apiKey: KEY, url: server.url, heartbeat: false });
  const rec = recordingHandlers();
  await t.open(rec.handlers);
  const reason = await rec.closed;
  return { reason, rec };
}

describe("close codes become typed reasons", () => {
  const cases: [number, string, CloseReason][] = [
    [1000, "", { kind: "server", code: 1000, reason: "" }],
    [
      1001,
      "Your session hit the maximum duration of 60 minutes.",
      {
        kind: "expired",
        code: 1001,
        reason: "Your session hit the maximum duration of 60 minutes.",
      },
    ],
    [
      3000,
      "invalid_request_error.invalid_api_key",
      { kind: "auth", code: 3000, reason: "invalid_request_error.invalid_api_key" },
    ],
    [
      4000,
      "invalid_request_error.missing_model",
      { kind: "bad_request", code: 4000, reason: "invalid_request_error.missing_model" },
    ],
    [1011, "internal", { kind: "server", code: 1011, reason: "internal" }],
  ];
  for (const [code, text, expected] of cases) {
    it(`${code} → ${expected.kind}`, async () => {
      const { reason } = await closeWith((c) => c.socket.close(code, text));
      expect(reason).toEqual(expected);
    });
  }

  it("a dropped TCP connection (no close frame) → network 1006", async () => {
    const { reason } = await closeWith((c) => c.socket.terminate());
    expect(reason).toMatchObject({ kind: "network", code: 1006 });
  });

  it("the server's error event before a fatal close is delivered first, as a message", async () => {
    const error = {
      type: "error",
      error: {
        type: "invalid_request_error",
        code: "invalid_api_key",
        message: "Incorrect API key provided.",
      },
    };
    const { reason, rec } = await closeWith((c) => {
      c.socket.send(JSON.stringify(error));
      c.socket.close(3000, "invalid_request_error.invalid_api_key");
    });
    expect(rec.messages.map((m) => JSON.parse(m))).toEqual([error]);
    expect(reason.kind).toBe("auth");
    expect(rec.closedCount).toBe(1);
  });
});
