import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@echo/mock-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SecretBackend } from "../../web/server/backend.js";
import { startWebDemo, type WebDemoServer } from "../../web/server/server.js";

let pageDir: string;
let mock: MockServer;
let demo: WebDemoServer | undefined;

beforeEach(async () => {
  pageDir = await mkdtemp(join(tmpdir(), "echo-web-page-"));
  await writeFile(join(pageDir, "index.html"), "<!doctype html><title>demo</title>");
  mock = await startMockServer({ apiKeys: ["sk-right-key-1234"] });
});

afterEach(async () => {
  await demo?.close();
  demo = undefined;
  await mock.close();
  await rm(pageDir, { recursive: true, force: true });
});

async function start(backend: SecretBackend): Promise<WebDemoServer> {
  demo = await startWebDemo({ backend, pageDir });
  return demo;
}

function postCall(server: WebDemoServer, origin: string | null = server.url) {
  return fetch(`${server.url}/api/call`, {
    method: "POST",
    headers: origin === null ? {} : { Origin: origin },
  });
}

describe("web demo server", () => {
  it("mints an ek_ client secret for its own page and tells it where to call", async () => {
    const server = await start({
      kind: "openai",
      apiKey: "sk-right-key-1234",
      baseUrl: mock.httpUrl,
    });
    const res = await postCall(server);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    expect(text).not.toContain("sk-right-key-1234");
    const ticket = JSON.parse(text) as Record<string, unknown>;
    expect(ticket).toMatchObject({
      backend: "openai",
      callsUrl: `${mock.httpUrl}/v1/realtime/calls`,
    });
    expect(String(ticket.clientSecret)).toMatch(/^ek_/);
    // About a minute to start the call with it.
    expect(Number(ticket.expiresAt) - Date.now() / 1000).toBeGreaterThan(50);
  });

  it("mints on the in-process mock by default", async () => {
    const open = await startMockServer();
    try {
      const server = await start({ kind: "mock", mock: open });
      const ticket = (await (await postCall(server)).json()) as Record<string, unknown>;
      expect(ticket).toMatchObject({
        backend: "mock",
        callsUrl: `${server.url}/v1/realtime/calls`,
      });
    } finally {
      await open.close();
    }
  });

  it("refuses to mint for another site or a request without an Origin", async () => {
    const server = await start({
      kind: "openai",
      apiKey: "sk-right-key-1234",
      baseUrl: mock.httpUrl,
    });
    expect((await postCall(server, "https://evil.example")).status).toBe(403);
    expect((await postCall(server, null)).status).toBe(403);
    expect((await fetch(`${server.url}/api/call`)).status).toBe(405);
  });

  it("passes on the upstream error when minting fails, without the key", async () => {
    const server = await start({
      kind: "openai",
      apiKey: "sk-wrong-key-9999",
      baseUrl: mock.httpUrl,
    });
    const res = await postCall(server);
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(text).toContain("HTTP 401");
    expect(text).toContain("Incorrect API key provided");
    expect(text).not.toContain("wrong-key");
  });

  it("says so when the API cannot be reached", async () => {
    const server = await start({
      kind: "openai",
      apiKey: "sk-right-key-1234",
      baseUrl: "http://127.0.0.1:1",
    });
    const res = await postCall(server);
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      "could not reach http://127.0.0.1:1",
    );
  });

  it("serves the page and nothing outside it", async () => {
    const server = await start({ kind: "mock", mock });
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("<title>demo</title>");
    expect((await fetch(`${server.url}/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
  });
});
