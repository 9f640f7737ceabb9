import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

// `pnpm demo:web` = the build, then this built server (dist/web/server/cli.js) on the built page.
const cli = fileURLToPath(new URL("../../dist/web/server/cli.js", import.meta.url));

let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill("SIGKILL");
  child = undefined;
});

/** Starts the built server on a free port without an OpenAI key; resolves with its URL. */
function start(): Promise<{ url: string; exited: Promise<number | null> }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0" };
  delete env.OPENAI_API_KEY;
  const proc = spawn(process.execPath, [cli], { env, stdio: ["ignore", "pipe", "pipe"] });
  child = proc;
  const exited = new Promise<number | null>((resolve) => proc.on("close", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    proc.stderr.setEncoding("utf8").on("data", (d: string) => {
      out += d;
    });
    proc.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const url = out.match(/open (http:\/\/\S+)/)?.[1];
      if (url !== undefined) resolve({ url, exited });
    });
    proc.on("close", () => reject(new Error(`the server exited before listening: ${out}`)));
  });
}

describe("pnpm demo:web (built server)", () => {
  it("is built", () => {
    expect(existsSync(cli), `${cli} is missing: run \`pnpm build\` first`).toBe(true);
  });

  it("serves the built page and mints on the in-process mock; SIGTERM stops it cleanly", async () => {
    const { url, exited } = await start();
    const html = await (await fetch(`${url}/`)).text();
    expect(html).toContain("<title>echo: voice in the browser</title>");
    const script = html.match(/src="\.\/(assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${url}/${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toContain("text/javascript");
    const ticket = (await (
      await fetch(`${url}/api/call`, { method: "POST", headers: { Origin: url } })
    ).json()) as { backend: string; clientSecret: string; callsUrl: string };
    expect(ticket.backend).toBe("mock");
    expect(ticket.clientSecret).toMatch(/^ek_/);
    expect(ticket.callsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/realtime\/calls$/);
    child?.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
