import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../src/cli-args.js";
import { MockCliArgumentError } from "../src/errors.js";
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

  it.each([
    [["--port", "eighty"], /--port must be a non-negative integer \(got "eighty"\)/],
    [["--max-session-ms=-5"], /--max-session-ms must be a non-negative integer \(got "-5"\)/],
    [["--ping-interval-ms", "1.5"], /--ping-interval-ms must be a non-negative integer/],
    [["--bogus"], /Unknown option '--bogus'.*See --help/],
    [["--port"], /--port.*argument missing.*See --help/],
    [["stray"], /positional argument.*See --help/],
  ])("%j is a usage error (MockCliArgumentError) that says what to fix", (argv, message) => {
    let error: unknown;
    try {
      parseCliArgs(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MockCliArgumentError);
    expect(error).toMatchObject({
      name: "MockCliArgumentError",
      kind: "usage",
      code: "invalid_cli_argument",
    });
    expect((error as Error).message).toMatch(message);
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
