import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The built CLI (`pnpm build` makes it). */
export const cli = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

/** A running CLI: its output so far, a way to wait for some of it, and how it ended. */
export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  readonly stdout: string;
  readonly stderr: string;
  /**
   * Resolves once `pattern` appears in stdout (or stderr with `from: "stderr"`), from character
   * `after` on (default 0); rejects after `timeoutMs`.
   */
  waitFor(
    pattern: RegExp,
    options?: { from?: "stdout" | "stderr"; timeoutMs?: number; after?: number },
  ): Promise<string>;
  /** Exit code once it exited. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts `command` (default: node + the built CLI + `args`) with piped stdio and `env` over this
 * process's environment without OPENAI_API_KEY (so the demo uses its in-process mock).
 */
export function startCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  command: readonly string[] = [process.execPath, cli],
): CliRun {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  delete merged.OPENAI_API_KEY;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  const [file, ...rest] = command as [string, ...string[]];
  const child = spawn(file, [...rest, ...args], { env: merged, stdio: ["pipe", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "" };
  const listeners = new Set<() => void>();
  for (const from of ["stdout", "stderr"] as const) {
    child[from].setEncoding("utf8").on("data", (d: string) => {
      out[from] += d;
      for (const l of listeners) l();
    });
  }
  const exited = new Promise<number | null>((resolve) =>
    child.on("close", (code) => resolve(code)),
  );
  return {
    child,
    get stdout() {
      return out.stdout;
    },
    get stderr() {
      return out.stderr;
    },
    exited,
    waitFor(pattern, options = {}) {
      const from = options.from ?? "stdout";
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out[from].slice(options.after ?? 0));
          if (match) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(match[0]);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `timed out waiting for ${pattern} in ${from}\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`,
            ),
          );
        }, options.timeoutMs ?? 15_000);
        listeners.add(check);
        check();
        void exited.then(() => setTimeout(check, 0));
      });
    },
  };
}

/** Runs the CLI to the end with `input` on stdin. */
export async function runCli(
  args: readonly string[],
  input: string,
  env: Record<string, string | undefined> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startCli(args, env);
  run.child.stdin.end(input);
  const code = await run.exited;
  return { code, stdout: run.stdout, stderr: run.stderr };
}
