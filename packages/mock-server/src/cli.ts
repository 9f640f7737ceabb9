#!/usr/bin/env node
import { CLI_USAGE, parseCliArgs } from "./cli-args.js";
import { startMockServer } from "./server.js";

async function main(): Promise<void> {
  const request = parseCliArgs(process.argv.slice(2));
  if (request.kind === "help") {
    process.stdout.write(`${CLI_USAGE}\n`);
    return;
  }
  const server = await startMockServer({
    ...request.options,
    ...(request.verbose ? { log: (e) => process.stderr.write(`${JSON.stringify(e)}\n`) } : {}),
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
    `echo-mock-server: ${e instanceof Error ? e.message : String(e)}\n${CLI_USAGE}\n`,
  );
  process.exit(1);
});
