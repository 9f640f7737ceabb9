import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import type { Logger } from "@echo/core";
import type { SecretBackend } from "./backend.js";
import { proxyCall } from "./calls-proxy.js";
import { mintTicket, TicketError } from "./ticket.js";

/** Options of {@link startWebDemo}. */
export interface WebDemoOptions {
  /** Where client secrets come from. */
  backend: SecretBackend;
  /** The built page (Vite's `outDir`). */
  pageDir: string;
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`: the page needs a secure context, which loopback is). */
  host?: string;
  /** Structured log of minted tickets and failures (never a secret). */
  log?: Logger;
}

/** A running demo server. */
export interface WebDemoServer {
  /** `http://HOST:PORT`, the page. */
  readonly url: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".map": "application/json",
};

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/**
 * The demo's tiny server: serves the built page and mints one client secret per call at
 * `POST /api/call`. Only same-origin pages may mint (another site cannot spend your key).
 * With the mock it also passes `POST /v1/realtime/calls…` through to it.
 */
export async function startWebDemo(options: WebDemoOptions): Promise<WebDemoServer> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? (() => {});
  const root = normalize(options.pageDir);

  async function mint(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Browsers always send Origin on a POST from a page; it must be this server's own.
    const self = `http://${req.headers.host}`;
    if (req.headers.origin !== self) {
      json(res, 403, { error: { message: "Client secrets are minted for this page only." } });
      return;
    }
    try {
      const ticket = await mintTicket(options.backend, self);
      log({ level: "info", msg: "minted a call ticket", backend: ticket.backend });
      json(res, 200, ticket);
    } catch (e) {
      const status = e instanceof TicketError ? 502 : 500;
      const message = e instanceof Error ? e.message : String(e);
      log({ level: "error", msg: "minting failed", error: message });
      json(res, status, { error: { message } });
    }
  }

  async function serveFile(path: string, res: ServerResponse): Promise<void> {
    const file = normalize(join(root, path === "/" ? "index.html" : path));
    if (!file.startsWith(root + sep)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/api/call") {
      if (req.method === "POST") void mint(req, res);
      else json(res, 405, { error: { message: "Use POST /api/call." } });
    } else if (
      path.startsWith("/v1/realtime/calls") &&
      req.method === "POST" &&
      options.backend.kind === "mock"
    ) {
      void proxyCall(req, res, options.backend.mock.httpUrl);
    } else if (req.method === "GET" || req.method === "HEAD") {
      void serveFile(decodeURIComponent(path), res);
    } else {
      res.writeHead(405).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
