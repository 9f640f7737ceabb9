import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** The built mock server running in a child process, so a crash cannot take the test runner down. */
export interface ChildServer {
  readonly url: string;
  readonly httpUrl: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Whether the process is still running. */
  alive(): boolean;
  /** What the process wrote to stderr (a crash's stack trace). */
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `dist/cli.js --port 0` with extra CLI arguments and waits until it listens. */
export async function startChildServer(args: readonly string[] = []): Promise<ChildServer> {
  const child = spawn(process.execPath, [cli, "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  let exited = false;
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (d: string) => {
    err += d;
  });
  child.on("exit", () => {
    exited = true;
  });
  child.stdout?.setEncoding("utf8");
  const [line] = (await once(child.stdout as NodeJS.ReadableStream, "data")) as [string];
  const url = /listening on (ws:\/\/\S+)/.exec(line)?.[1];
  if (!url) throw new Error(`the mock did not start: ${line}${err}`);
  const port = Number(/:(\d+)\//.exec(url)?.[1]);
  return {
    url,
    httpUrl: `http://127.0.0.1:${port}`,
    port,
    child,
    alive: () => !exited,
    stderr: () => err,
    async stop() {
      if (exited) return child.exitCode;
      child.kill("SIGTERM");
      const [code] = (await once(child, "exit")) as [number | null];
      return code;
    },
  };
}
