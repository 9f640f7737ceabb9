import WebSocket from "ws";
import { type Deferred, deferred } from "./deferred.js";
import type { PlatformSocket, SocketListener, SocketPlatform, SocketRequest } from "./socket.js";

/** A `ws` client socket. `ws` answers the server's pings by itself (autoPong). */
class NodeSocket implements PlatformSocket {
  readonly #ws: WebSocket;
  #waiters: { limit: number; done: Deferred<void> }[] = [];
  // One shared send callback instead of a closure per frame: it runs when a frame has been
  // written out, which is when `bufferedAmount` can have dropped.
  readonly #flushed = (error?: Error | null) => {
    if (error || this.#waiters.length === 0) return;
    const buffered = this.#ws.bufferedAmount;
    this.#waiters = this.#waiters.filter((w) => {
      if (buffered > w.limit) return true;
      w.done.resolve();
      return false;
    });
  };

  constructor(request: SocketRequest, listener: SocketListener) {
    this.#ws = new WebSocket(request.url, {
      headers: { ...request.headers, Authorization: `Bearer ${request.apiKey}` },
    });
    const ws = this.#ws;
    ws.on("open", () => listener.open());
    ws.on("message", (data, isBinary) => {
      if (isBinary) listener.binary();
      else listener.message(data.toString());
    });
    ws.on("pong", () => listener.pong());
    ws.on("error", (error) => listener.error(error));
    ws.on("close", (code, reason) => {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const w of waiters) w.done.reject(new Error("socket closed"));
      listener.close(code, reason.toString());
    });
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  send(text: string): void {
    this.#ws.send(text, this.#flushed);
  }

  drained(limit: number): Promise<void> {
    if (this.#ws.bufferedAmount <= limit) return Promise.resolve();
    const done = deferred();
    this.#waiters.push({ limit, done });
    return done.promise;
  }

  ping(): boolean {
    this.#ws.ping();
    return true;
  }

  close(code: number, reason: string): void {
    this.#ws.close(code, reason);
  }

  terminate(): void {
    this.#ws.terminate();
  }
}

/** Node: the `ws` package, the key in an `Authorization: Bearer` header. */
export const platform: SocketPlatform = {
  name: "node",
  defaultApiKey: () => process.env.OPENAI_API_KEY || undefined,
  missingKeyHelp:
    "No API key: pass `apiKey` to connect() / createWebSocketTransport(), or set the " +
    "OPENAI_API_KEY environment variable.",
  check: () => {},
  open: (request, listener) => new NodeSocket(request, listener),
};
