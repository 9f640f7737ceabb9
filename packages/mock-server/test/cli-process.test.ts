import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

describe("echo-mock-server (the built bin, as a process)", () => {
  it("is built", () => {
    expect(existsSync(cli), `${cli} is missing: run \`pnpm build\` first`).toBe(true);
  });

  it("listens, serves a session, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [cli, "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      child.stdout.setEncoding("utf8");
      const [line] = (await once(child.stdout, "data")) as [string];
      const url = /listening on (ws:\/\/\S+)/.exec(line)?.[1];
      expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);

      const ws = new WebSocket(`${url}?model=gpt-realtime`, {
        headers: { Authorization: "Bearer sk-cli-process-test" },
      });
      const [data] = (await once(ws, "message")) as [Buffer];
      expect(JSON.parse(data.toString())).toMatchObject({ type: "session.created" });
      ws.close();
      await once(ws, "close");

      child.kill("SIGTERM");
      const [code] = (await once(child, "exit")) as [number | null];
      expect(code).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
