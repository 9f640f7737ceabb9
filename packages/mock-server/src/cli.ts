#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startMockServer } from "./server.js";

const USAGE = `Usage: echo-mock-server [--port 8787] [--host 127.0.0.1] [--tls] [--api-key sk-...]...
  [--ping-interval-ms 20000] [--max-session-ms 3600000] [--delta-interval-ms 0] [--verbose]

Starts a mock OpenAI Realtime server: WebSocket /v1/realtime and POST /v1/realtime/client_secrets.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8787" },
      host: { type: "string", default: "127.0.0.1" },
      tls: { type: "boolean", default: false },
      "api-key": { type: "string", multiple: true },
      "ping-interval-ms": { type: "string" },
      "max-session-ms": { type: "string" },
      "delta-interval-ms": { type: "string" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const apiKeys = values["api-key"];
  const server = await startMockServer({
    port: Number(values.port),
    host: values.host,
    tls: values.tls,
    ...(apiKeys ? { apiKeys } : {}),
    ...(values["ping-interval-ms"] ? { pingIntervalMs: num(values["ping-interval-ms"]) } : {}),
    ...(values["max-session-ms"] ? { maxSessionMs: num(values["max-session-ms"]) } : {}),
    ...(values["delta-interval-ms"] ? { deltaIntervalMs: num(values["delta-interval-ms"]) } : {}),
    ...(values.verbose ? { log: (e) => process.stderr.write(`${JSON.stringify(e)}\n`) } : {}),
  });
  process.stdout.write(
    `echo mock server listening on ${server.url} (REST: ${server.httpUrl}/v1)\n`,
  );
  if (server.certificate) process.stdout.write(`self-signed certificate:\n${server.certificate}`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(
    `echo-mock-server: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`,
  );
  process.exit(1);
});
