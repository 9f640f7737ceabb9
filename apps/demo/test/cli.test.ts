import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** Runs the built CLI with `input` piped to stdin and no OpenAI key, so it uses the in-process mock. */
function runCli(input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.OPENAI_API_KEY;
  const child = spawn(process.execPath, [cli], { env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  child.stdin.end(input);
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("pnpm demo (built CLI, stdin piped)", () => {
  it("is built", () => {
    expect(existsSync(cli), `${cli} is missing: run \`pnpm build\` first`).toBe(true);
  });

  it("answers every line through the in-process mock server and exits 0 at the end of input", async () => {
    const { code, stdout, stderr } = await runCli("hello from a pipe\n\nand a second line\n");
    expect(stderr).toContain("local mock server");
    expect(stdout).toBe("echo> hello from a pipe\necho> and a second line\n");
    expect(code).toBe(0);
  });

  it("stops at /quit and ignores what follows", async () => {
    const { code, stdout } = await runCli("first\n/quit\nnever sent\n");
    expect(stdout).toBe("echo> first\n");
    expect(code).toBe(0);
  });
});
