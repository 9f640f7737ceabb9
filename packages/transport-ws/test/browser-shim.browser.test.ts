import { fileURLToPath } from "node:url";
import { type MockServer, startMockServer } from "@echo/mock-server";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  bundleForBrowser,
  type ChromiumSession,
  describeChromium,
  launchChromium,
  type RecordedPage,
  type StaticServer,
  serveFiles,
} from "../../../vitest.chromium.js";

// The package's own entry bundled as an app's bundler would (the `browser` condition picks
// src/socket-browser.ts), loaded in real headless Chromium, talking to the mock over loopback.

/** What the page exposes: the bundled package. */
type EchoWs = typeof import("../src/index.js");
declare global {
  interface Window {
    echoWs: EchoWs;
  }
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>transport-ws</title><link rel="icon" href="data:,">
<script type="module">import * as ws from "/transport-ws.js"; window.echoWs = ws;</script>`;

let mock: MockServer;
let site: StaticServer;
let chromium: ChromiumSession;
let bundle: string;

async function mint(): Promise<string> {
  const res = await fetch(`${mock.httpUrl}/v1/realtime/client_secrets`, {
    method: "POST",
    headers: { Authorization: "Bearer sk-server-side-key", "Content-Type": "application/json" },
    body: JSON.stringify({ session: { type: "realtime", model: "gpt-realtime" } }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { value: string }).value;
}

async function openPage(): Promise<RecordedPage> {
  const tab = await chromium.open(site.url);
  await tab.page.waitForFunction(() => window.echoWs !== undefined);
  return tab;
}

/** Socket URLs the page opened (from the browser's own network events). */
function socketUrls(page: Page): string[] {
  const urls: string[] = [];
  page.on("websocket", (ws) => urls.push(ws.url()));
  return urls;
}

describeChromium("transport-ws browser shim in headless Chromium", () => {
  beforeAll(async () => {
    bundle = await bundleForBrowser(fileURLToPath(new URL("../src/index.ts", import.meta.url)));
    [mock, site, chromium] = await Promise.all([
      startMockServer(),
      serveFiles({ "/index.html": PAGE, "/transport-ws.js": bundle }),
      launchChromium(),
    ]);
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await site?.close();
    await mock?.close();
  });

  it("the browser bundle uses the native WebSocket shim, not the `ws` package", () => {
    expect(bundle).toContain("openai-insecure-api-key.");
    expect(bundle).not.toMatch(/from\s*["'](ws|node:[a-z_]+)["']/);
  });

  it("connects with an ek_ client secret (never in the URL) and completes a text turn", async () => {
    const secret = await mint();
    const { page, problems } = await openPage();
    const urls = socketUrls(page);
    const result = await page.evaluate(
      async ({ apiKey, url }) => {
        const session = await window.echoWs.connect({ apiKey, url });
        const types: string[] = [];
        let transcript = "";
        await session.put({
          type: "conversation.item.create",
          item: { type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] },
        });
        await session.put({ type: "response.create" });
        for await (const ev of session) {
          types.push(ev.type);
          if (ev.type === "response.output_audio_transcript.delta") transcript += ev.delta;
          if (ev.type === "response.done") break;
        }
        const closed = await session.close();
        return { types, transcript, closed: closed.kind };
      },
      { apiKey: secret, url: mock.url },
    );
    expect(result.types[0]).toBe("session.created");
    expect(result.types).toContain("response.output_audio.delta");
    expect(result.types.at(-1)).toBe("response.done");
    expect(result.transcript.length).toBeGreaterThan(0);
    expect(result.closed).toBe("client");
    expect(urls).toHaveLength(1);
    expect(urls[0]).toContain("/v1/realtime");
    expect(urls[0]).not.toContain(secret);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("refuses a long-lived sk- key before opening any socket, without echoing it", async () => {
    const { page } = await openPage();
    const urls = socketUrls(page);
    const before = mock.metrics.connections;
    const error = await page.evaluate(async (url) => {
      try {
        await window.echoWs.connect({ apiKey: "sk-live-SECRET-123", url });
        return null;
      } catch (e) {
        return { name: (e as Error).name, message: (e as Error).message };
      }
    }, mock.url);
    expect(error?.name).toBe("InsecureApiKeyError");
    expect(error?.message).toContain("client_secrets");
    expect(error?.message).not.toContain("SECRET");
    expect(urls).toEqual([]);
    expect(mock.metrics.connections).toBe(before);
    await page.close();
  });

  it("an unknown client secret ends the session as `auth` (close 3000 seen by the browser)", async () => {
    const { page } = await openPage();
    const result = await page.evaluate(async (url) => {
      const session = await window.echoWs.connect({ apiKey: "ek_not_minted_here", url });
      const types: string[] = [];
      for await (const ev of session) types.push(ev.type);
      const closed = await session.closed;
      return { types, kind: closed.kind, code: "code" in closed ? closed.code : null };
    }, mock.url);
    expect(result.types).toEqual(["error"]);
    expect(result).toMatchObject({ kind: "auth", code: 3000 });
    await page.close();
  });
});
