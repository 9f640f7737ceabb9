import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../src/cli-args.js";
import { startMockServer } from "../src/index.js";
import { connect } from "./client.js";

describe("echo-mock-server arguments", () => {
  it("defaults to port 8787 on 127.0.0.1 without TLS", () => {
    expect(parseCliArgs([])).toEqual({
      kind: "start",
      verbose: false,
      options: { port: 8787, host: "127.0.0.1", tls: false },
    });
  });

  it("reads every option", () => {
    const r = parseCliArgs([
      "--port",
      "0",
      "--tls",
      "--api-key",
      "sk-a-1234",
      "--api-key",
      "sk-b-1234",
      "--ping-interval-ms",
      "1000",
      "--max-session-ms",
      "5000",
      "--delta-interval-ms",
      "3",
      "--session-update-delay-ms",
      "250",
      "--verbose",
    ]);
    expect(r).toEqual({
      kind: "start",
      verbose: true,
      options: {
        port: 0,
        host: "127.0.0.1",
        tls: true,
        apiKeys: ["sk-a-1234", "sk-b-1234"],
        pingIntervalMs: 1000,
        maxSessionMs: 5000,
        deltaIntervalMs: 3,
        sessionUpdateDelayMs: 250,
      },
    });
  });

  it("--help and bad values", () => {
    expect(parseCliArgs(["--help"])).toEqual({ kind: "help" });
    expect(() => parseCliArgs(["--port", "eighty"])).toThrow(
      /--port must be a non-negative integer/,
    );
    expect(() => parseCliArgs(["--bogus"])).toThrow();
  });

  it("the parsed options start a working server", async () => {
    const r = parseCliArgs(["--port", "0", "--api-key", "sk-cli-1234"]);
    if (r.kind !== "start") throw new Error("expected start");
    const server = await startMockServer(r.options);
    const c = connect(server, { key: "sk-cli-1234" });
    expect((await c.next()).type).toBe("session.created");
    c.ws.close();
    await server.close();
  });
});
