import { existsSync } from "node:fs";
import { type MockServer, startMockServer } from "@echo/mock-server";
import { afterEach, describe, expect, it } from "vitest";
import { cli, runCli, startCli } from "./support/run-cli.js";

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

/** An environment in which PortAudio finds no working audio device: PulseAudio is unreachable. */
const NO_AUDIO = { PULSE_SERVER: "unix:/nonexistent/echo-demo-no-pulse" };

describe("pnpm demo (built CLI, stdin piped)", () => {
  it("is built", () => {
    expect(existsSync(cli), `${cli} is missing: run \`pnpm build\` first`).toBe(true);
  });

  it("--text answers every line through the in-process mock server and exits 0 at the end of input", async () => {
    const { code, stdout, stderr } = await runCli(
      ["--text"],
      "hello from a pipe\n\nand a second line\n",
    );
    expect(stderr).toContain("local mock server");
    expect(stderr).not.toContain("no audio device");
    expect(stdout).toBe("echo> hello from a pipe\necho> and a second line\n");
    expect(code).toBe(0);
  });

  it("stops at /quit and ignores what follows", async () => {
    const { code, stdout } = await runCli(["--text"], "first\n/quit\nnever sent\n");
    expect(stdout).toBe("echo> first\n");
    expect(code).toBe(0);
  });

  it("falls back to the text chat with a one-line reason when there is no audio device", async () => {
    const { code, stdout, stderr } = await runCli([], "hello\n", NO_AUDIO);
    const status = stderr.split("\n").filter((l) => l.includes("Text chat"));
    expect(status).toHaveLength(1);
    expect(status[0]).toMatch(/Text chat: no audio device \(.+\)\. Type a line; \/quit leaves\.$/);
    expect(stdout).toBe("echo> hello\n");
    expect(code).toBe(0);
  });

  it("reports a rejected key with the server's own message before any prompt, and exits 1", async () => {
    mock = await startMockServer({ apiKeys: ["sk-the-right-key"] });
    const { code, stdout, stderr } = await runCli(["--text", "--url", mock.url], "hello\n", {
      OPENAI_API_KEY: "sk-a-wrong-key-SECRET",
    });
    expect(stderr).toMatch(/the server refused the session: Incorrect API key provided/);
    expect(stderr).toContain("code 3000");
    expect(stderr).not.toContain("SECRET");
    expect(stdout).toBe("");
    expect(code).toBe(1);
  });

  it("reports an unknown model the same way", async () => {
    const { code, stderr } = await runCli(["--text", "--model", "gpt-nope"], "hi\n");
    expect(stderr).toMatch(/the server refused the session: .*gpt-nope.*code 4000/);
    expect(code).toBe(1);
  });

  it("--help prints the flags, keys and audio devices; a wrong flag says how to fix it", async () => {
    const help = await runCli(["--help"], "");
    expect(help.code).toBe(0);
    for (const flag of [
      "--text",
      "--url",
      "--model",
      "--voice",
      "--input",
      "--output",
      "--no-aec",
    ]) {
      expect(help.stdout).toContain(flag);
    }
    expect(help.stdout).toMatch(/Audio devices/);
    const wrong = await runCli(["--voice", "bob"], "");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--voice "bob" is not a voice; use one of alloy/);
  });
});

describe("pnpm demo --text in a pseudo-terminal", () => {
  it("prompts, echoes what is typed, answers and leaves on /quit", async () => {
    // util-linux `script` runs the CLI on a real pty: stdin and stdout are TTYs for it.
    const run = startCli([], {}, [
      "script",
      "-qfec",
      `${process.execPath} ${cli} --text`,
      "/dev/null",
    ]);
    await run.waitFor(/you> /);
    run.child.stdin.write("hello there\r");
    await run.waitFor(/echo> hello there/);
    run.child.stdin.write("/quit\r");
    expect(await run.exited).toBe(0);
    expect(run.stdout).toMatch(/you> hello there\r*\n/);
  });
});
