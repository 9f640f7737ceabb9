import { parseArgs } from "node:util";
import { MockCliArgumentError } from "./errors.js";
import type { MockServerOptions } from "./server.js";

/** The CLI's help text. */
export const CLI_USAGE = `Usage: echo-mock-server [--port 8787] [--host 127.0.0.1] [--tls] [--api-key sk-...]...
  [--ping-interval-ms 20000] [--max-session-ms 3600000] [--delta-interval-ms 0]
  [--session-update-delay-ms 0] [--verbose]

Starts a mock OpenAI Realtime server: WebSocket /v1/realtime and POST /v1/realtime/client_secrets.`;

/** What the command line asks for. */
export type CliRequest =
  | { kind: "help" }
  | { kind: "start"; options: MockServerOptions; verbose: boolean };

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new MockCliArgumentError(`--${name} must be a non-negative integer (got "${value}").`);
  return n;
}

const CLI_OPTIONS = {
  port: { type: "string", default: "8787" },
  host: { type: "string", default: "127.0.0.1" },
  tls: { type: "boolean", default: false },
  "api-key": { type: "string", multiple: true },
  "ping-interval-ms": { type: "string" },
  "max-session-ms": { type: "string" },
  "delta-interval-ms": { type: "string" },
  "session-update-delay-ms": { type: "string" },
  verbose: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** `parseArgs` of the CLI's options; its own errors (an unknown option, a missing value) as a usage error. */
function readArgs(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: CLI_OPTIONS }).values;
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new MockCliArgumentError(`${detail} See --help for the options.`, { cause });
  }
}

/**
 * Parses `echo-mock-server` arguments; throws a {@link MockCliArgumentError} (a usage error)
 * whose message says what to fix.
 */
export function parseCliArgs(argv: readonly string[]): CliRequest {
  const values = readArgs(argv);
  if (values.help) return { kind: "help" };
  const options: MockServerOptions = {
    port: int("port", values.port) ?? 8787,
    host: values.host,
    tls: values.tls,
  };
  if (values["api-key"]) options.apiKeys = values["api-key"];
  const ping = int("ping-interval-ms", values["ping-interval-ms"]);
  if (ping !== undefined) options.pingIntervalMs = ping;
  const max = int("max-session-ms", values["max-session-ms"]);
  if (max !== undefined) options.maxSessionMs = max;
  const delta = int("delta-interval-ms", values["delta-interval-ms"]);
  if (delta !== undefined) options.deltaIntervalMs = delta;
  const delay = int("session-update-delay-ms", values["session-update-delay-ms"]);
  if (delay !== undefined) options.sessionUpdateDelayMs = delay;
  return { kind: "start", options, verbose: values.verbose };
}
