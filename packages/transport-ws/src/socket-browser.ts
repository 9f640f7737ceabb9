import { InsecureApiKeyError, InvalidTransportOptionsError } from "./errors.js";
import type { PlatformSocket, SocketListener, SocketPlatform, SocketRequest } from "./socket.js";

// Browsers have no drain event; poll `bufferedAmount` at about a frame's pace while waiting.
const DRAIN_POLL_MS = 16;

/** A native browser WebSocket. Browsers answer pings by themselves and cannot send one. */
class BrowserSocket implements PlatformSocket {
  readonly #ws: WebSocket;
  // One poll per limit shared by every waiting send (in practice one limit: the high-water mark).
  readonly #waits = new Map<number, Promise<void>>();

  constructor(request: SocketRequest, listener: SocketListener) {
    // Browsers cannot set headers, so the key travels as a subprotocol, as OpenAI documents.
    this.#ws = new WebSocket(request.url, [
      "realtime",
      `openai-insecure-api-key.${request.apiKey}`,
    ]);
    const ws = this.#ws;
    ws.addEventListener("open", () => listener.open());
    ws.addEventListener("message", (ev: MessageEvent) => {
      if (typeof ev.data === "string") listener.message(ev.data);
      else listener.binary();
    });
    ws.addEventListener("error", () => listener.error(new Error("WebSocket error")));
    ws.addEventListener("close", (ev: CloseEvent) => listener.close(ev.code, ev.reason));
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  send(text: string): void {
    this.#ws.send(text);
  }

  drained(limit: number): Promise<void> {
    const ws = this.#ws;
    if (ws.bufferedAmount <= limit) return Promise.resolve();
    const shared = this.#waits.get(limit);
    if (shared !== undefined) return shared;
    const wait = new Promise<void>((resolve, reject) => {
      const check = () => {
        if (ws.readyState >= WebSocket.CLOSING) reject(new Error("socket closed"));
        else if (ws.bufferedAmount <= limit) resolve();
        else setTimeout(check, DRAIN_POLL_MS);
      };
      setTimeout(check, DRAIN_POLL_MS);
    }).finally(() => this.#waits.delete(limit));
    wait.catch(() => {});
    this.#waits.set(limit, wait);
    return wait;
  }

  ping(): boolean {
    return false;
  }

  close(code: number, reason: string): void {
    this.#ws.close(code, reason);
  }

  terminate(): void {
    this.#ws.close();
  }
}

/** Browsers: the native WebSocket, an ephemeral `ek_…` key as a subprotocol. */
export const platform: SocketPlatform = {
  name: "browser",
  defaultApiKey: () => undefined,
  missingKeyHelp:
    "No API key: in a browser pass `apiKey`, an ephemeral client secret (ek_…) that your server " +
    "minted with POST /v1/realtime/client_secrets.",
  check: (apiKey, headers) => {
    if (apiKey.startsWith("sk-")) throw new InsecureApiKeyError();
    if (Object.keys(headers).length > 0) {
      throw new InvalidTransportOptionsError(
        "Browsers cannot set WebSocket headers, so `headers` and `safetyIdentifier` are not " +
          "supported there; set them on the server that mints the client secret.",
      );
    }
  },
  open: (request, listener) => new BrowserSocket(request, listener),
};
