import { validateHeaderName, validateHeaderValue } from "node:http";
import { type Deferred, deferred } from "@echo/core";
import WebSocket from "ws";
import { InvalidTransportOptionsError, MessageTooBigError } from "./errors.js";
import type { PlatformSocket, SocketListener, SocketPlatform, SocketRequest } from "./socket.js";

// While a sender waits for the buffer to drain, look at it this often too (see `send`).
const DRAIN_POLL_MS = 10;
// How much of an HTTP error body to read for its message (OpenAI's are a few hundred bytes).
const MAX_ERROR_BODY_BYTES = 8 * 1024;

/** A `ws` client socket. `ws` answers the server's pings by itself (autoPong). */
class NodeSocket implements PlatformSocket {
  readonly #ws: WebSocket;
  // One shared wait per limit (in practice one: the transport's high-water mark), so that
  // thousands of sends queued behind a full buffer cost O(1) per written frame, not O(waiting).
  readonly #waiters = new Map<number, Deferred<void>>();
  // One shared send callback instead of a closure per frame: it runs when a frame has been
  // written out, which is when `bufferedAmount` can have dropped.
  readonly #flushed = (error?: Error | null) => {
    if (error || this.#waiters.size === 0) return;
    const buffered = this.#ws.bufferedAmount;
    for (const [limit, done] of this.#waiters) {
      if (buffered <= limit) {
        this.#waiters.delete(limit);
        done.resolve();
      }
    }
  };

  constructor(request: SocketRequest, listener: SocketListener) {
    this.#ws = new WebSocket(request.url, {
      headers: { ...request.headers, Authorization: `Bearer ${request.apiKey}` },
      maxPayload: request.maxPayload,
    });
    const ws = this.#ws;
    // `ws` closes with 1009 itself but reports 1006 here: remember why, to say so.
    let tooBig = false;
    ws.on("open", () => listener.open());
    ws.on("message", (data, isBinary) => {
      if (isBinary) listener.binary();
      else listener.message(data.toString());
    });
    ws.on("pong", () => listener.pong());
    ws.on("unexpected-response", (req, res) => {
      // With this listener `ws` leaves the request to us: read the error body, then drop it.
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        listener.rejected(res.statusCode ?? 0, Buffer.concat(chunks).toString("utf8"));
        req.destroy();
        ws.terminate();
      };
      res.on("data", (chunk: Buffer) => {
        if (size >= MAX_ERROR_BODY_BYTES) return finish();
        chunks.push(chunk.subarray(0, MAX_ERROR_BODY_BYTES - size));
        size += chunk.length;
      });
      res.on("end", finish);
      res.on("error", finish);
      res.on("close", finish);
    });
    ws.on("error", (error: Error & { code?: string }) => {
      if (error.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") {
        tooBig = true;
        listener.error(new MessageTooBigError(request.maxPayload, { cause: error }));
      } else {
        listener.error(error);
      }
    });
    ws.on("close", (code, reason) => {
      for (const done of this.#waiters.values()) done.reject(new Error("socket closed"));
      this.#waiters.clear();
      if (tooBig) listener.close(1009, "message too big");
      else listener.close(code, reason.toString());
    });
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  send(text: string): void {
    // The common case, an empty buffer, needs no flush callback (it costs about 5 % of a send).
    // Once bytes are queued, frames carry the callback that wakes waiting senders; a wait that
    // began with no callback in flight is covered by the poll in `drained`.
    if (this.#ws.bufferedAmount === 0) this.#ws.send(text);
    else this.#ws.send(text, this.#flushed);
  }

  drained(limit: number): Promise<void> {
    if (this.#ws.bufferedAmount <= limit) return Promise.resolve();
    let done = this.#waiters.get(limit);
    if (done === undefined) {
      const wait = deferred<void>();
      done = wait;
      // Senders may give up on the wait (the socket closed): never an unhandled rejection.
      wait.promise.catch(() => {});
      this.#waiters.set(limit, wait);
      const poll = () => {
        if (this.#waiters.get(limit) !== wait) return;
        if (this.#ws.bufferedAmount <= limit) {
          this.#waiters.delete(limit);
          wait.resolve();
        } else {
          setTimeout(poll, DRAIN_POLL_MS);
        }
      };
      setTimeout(poll, DRAIN_POLL_MS);
    }
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
  check: (apiKey, headers) => {
    // What `ws` would throw while connecting, said up front as a usage error (without the value).
    try {
      validateHeaderValue("Authorization", `Bearer ${apiKey}`);
    } catch {
      throw new InvalidTransportOptionsError(
        "`apiKey` contains a character an HTTP header cannot carry (a newline or control character?); check how the key was read, e.g. trim it.",
      );
    }
    for (const [name, value] of Object.entries(headers)) {
      try {
        validateHeaderName(name);
        validateHeaderValue(name, value);
      } catch {
        throw new InvalidTransportOptionsError(
          `The header ${JSON.stringify(name)} (from \`headers\` or \`safetyIdentifier\`) has a name or value an HTTP request cannot carry (no spaces in names, no newlines or control characters).`,
        );
      }
    }
  },
  open: (request, listener) => new NodeSocket(request, listener),
};
