/** What a platform socket reports. One listener per socket. */
export interface SocketListener {
  /** The upgrade completed; frames can be sent. */
  open(): void;
  /** One text frame from the server. */
  message(text: string): void;
  /** A binary frame from the server (the Realtime server sends none; we log and drop it). */
  binary(): void;
  /** The answer to our ping. */
  pong(): void;
  /**
   * The server answered the upgrade with an HTTP error instead of a 101 (Node only): its status
   * and up to the first few KB of its body. An `error` and a `close` follow.
   */
  rejected(status: number, body: string): void;
  /** An error; a `close` always follows. */
  error(error: Error): void;
  /** The connection ended (`code` 1006 when no close frame arrived). */
  close(code: number, reason: string): void;
}

/** The upgrade request: URL without secrets, the credential, extra headers. */
export interface SocketRequest {
  url: string;
  apiKey: string;
  headers: Record<string, string>;
  /** Largest frame accepted from the server, in bytes (where the runtime lets us choose). */
  maxPayload: number;
}

/** The one seam between the transport and a runtime's WebSocket (`ws` in Node, native in browsers). */
export interface PlatformSocket {
  /** Bytes queued but not yet written to the network. */
  readonly bufferedAmount: number;
  /** Queues one text frame. */
  send(text: string): void;
  /** Resolves once `bufferedAmount <= limit`; rejects if the socket closes first. */
  drained(limit: number): Promise<void>;
  /** Sends a ping; returns false when the runtime cannot (browsers). */
  ping(): boolean;
  /** Starts the closing handshake. */
  close(code: number, reason: string): void;
  /** Drops the connection at once, without a handshake. */
  terminate(): void;
}

/** A runtime: how to find the default key, check credentials and open a socket. */
export interface SocketPlatform {
  /** `"node"` or `"browser"`. */
  readonly name: "node" | "browser";
  /** The key to use when the caller gave none (`OPENAI_API_KEY` in Node). */
  defaultApiKey(): string | undefined;
  /** How to fix a missing key on this runtime. */
  readonly missingKeyHelp: string;
  /** Throws a usage error for credentials or options this runtime must refuse. */
  check(apiKey: string, headers: Record<string, string>): void;
  /** Opens a socket; events go to `listener`. */
  open(request: SocketRequest, listener: SocketListener): PlatformSocket;
}
