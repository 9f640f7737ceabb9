import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { build, type InlineConfig, type Rollup } from "vite";
import { describe } from "vitest";

/**
 * Real-Chromium test support shared by every `*.browser.test.ts`: Debian's `chromium` driven
 * headless by playwright-core, pages served from loopback, packages bundled for the browser by Vite.
 */

/** Flags every browser test runs with: headless as root, no network of its own, fake media. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  "--autoplay-policy=no-user-gesture-required",
];

/** The Chromium binary: `ECHO_CHROMIUM` (set by `.ci/setup.d/30-chromium.sh`) or Debian's path. */
export function chromiumPath(): string | undefined {
  const path = process.env.ECHO_CHROMIUM ?? "/usr/bin/chromium";
  return existsSync(path) ? path : undefined;
}

const MISSING =
  "Chromium not found: install Debian's `chromium` (apt-get install chromium, as " +
  ".ci/setup.d/30-chromium.sh does) or point ECHO_CHROMIUM at a Chromium binary.";

/**
 * `describe` for tests that need Chromium. Without Chromium it skips on a developer's machine but
 * FAILS under CI (`CI=true`), so a browser test can never silently stop running in CI.
 */
export function describeChromium(name: string, body: () => void): void {
  if (chromiumPath() !== undefined) {
    describe(name, body);
  } else if (process.env.CI === "true") {
    describe(name, () => {
      throw new Error(MISSING);
    });
  } else {
    describe.skip(`${name} (${MISSING})`, body);
  }
}

/** A running headless Chromium with a fresh profile; `close()` removes the profile too. */
export interface ChromiumSession {
  readonly context: BrowserContext;
  /** Opens `url` in a new tab that records its errors (see {@link RecordedPage.problems}). */
  open(url: string): Promise<RecordedPage>;
  close(): Promise<void>;
}

/** A tab plus what went wrong in it: uncaught errors and `console.error` lines. */
export interface RecordedPage {
  readonly page: Page;
  /** Uncaught page errors and console errors, for assertion messages (`expect(problems).toEqual([])`). */
  readonly problems: string[];
}

/** Options of {@link launchChromium}. */
export interface LaunchOptions {
  /** Extra flags, e.g. `--use-file-for-fake-audio-capture=/tmp/speech.wav`. */
  args?: readonly string[];
  /** A script run in every page before its own (e.g. to instrument `RTCPeerConnection`). */
  initScript?: string;
}

/** Launches headless Chromium with {@link CHROMIUM_ARGS} and an empty user-data-dir of its own. */
export async function launchChromium(options: LaunchOptions = {}): Promise<ChromiumSession> {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error(MISSING);
  const profile = await mkdtemp(join(tmpdir(), "echo-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    timeout: 30_000,
  });
  if (options.initScript !== undefined) await context.addInitScript(options.initScript);
  return {
    context,
    async open(url) {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
      });
      await page.goto(url);
      return { page, problems };
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A static HTTP server on loopback. */
export interface StaticServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
};

/** Serves `files` (path → contents, e.g. `{"/index.html": "..."}`) on 127.0.0.1. */
export async function serveFiles(files: Record<string, string>): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const body = files[path === "/" ? "/index.html" : path];
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "text/html; charset=utf-8" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Bundles one module for browsers as an ES module, in memory, the way an app's bundler would:
 * the `browser` export condition picks each package's browser shim, and `@echo/source` resolves
 * sibling packages to their TypeScript sources.
 */
export async function bundleForBrowser(entry: string, config: InlineConfig = {}): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: "silent",
    resolve: { conditions: ["@echo/source", "browser", "module", "import", "default"] },
    build: {
      write: false,
      minify: false,
      lib: { entry, formats: ["es"], fileName: "bundle" },
    },
    ...config,
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunk = outputs[0]?.output.find((o) => o.type === "chunk" && o.isEntry);
  if (chunk === undefined || chunk.type !== "chunk") throw new Error(`no bundle for ${entry}`);
  return chunk.code;
}
