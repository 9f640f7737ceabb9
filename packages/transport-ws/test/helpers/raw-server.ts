import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/** One accepted connection with what the client sent in its upgrade request. */
export interface RawConnection {
  socket: WebSocket;
  request: IncomingMessage;
  /** Text frames received, in order. */
  received: string[];
  /** Resolves with the next text frame received after the call. */
  nextMessage(): Promise<string>;
}

/** A plain `ws` server on 127.0.0.1, for testing the transport against exact server behaviour. */
export interface RawServer {
  url: string;
  port: number;
  server: WebSocketServer;
  connections: RawConnection[];
  /** Resolves with the next connection (or an already accepted one not yet taken). */
  nextConnection(): Promise<RawConnection>;
  close(): Promise<void>;
}

/** Starts a raw server; `onConnection` scripts what it does with each client. */
export async function startRawServer(
  options: {
    autoPong?: boolean;
    onConnection?: (conn: RawConnection) => void;
    handleProtocols?: (protocols: Set<string>) => string | false;
  } = {},
): Promise<RawServer> {
  const server = new WebSocketServer({
    host: "127.0.0.1",
    port: 0,
    autoPong: options.autoPong ?? true,
    ...(options.handleProtocols ? { handleProtocols: options.handleProtocols } : {}),
  });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const connections: RawConnection[] = [];
  const pending: RawConnection[] = [];
  const waiting: ((c: RawConnection) => void)[] = [];
  server.on("connection", (socket, request) => {
    const listeners: ((m: string) => void)[] = [];
    const conn: RawConnection = {
      socket,
      request,
      received: [],
      nextMessage: () => new Promise((resolve) => listeners.push(resolve)),
    };
    socket.on("message", (data) => {
      const text = data.toString();
      conn.received.push(text);
      for (const l of listeners.splice(0)) l(text);
    });
    connections.push(conn);
    options.onConnection?.(conn);
    const w = waiting.shift();
    if (w) w(conn);
    else pending.push(conn);
  });
  return {
    url: `ws://127.0.0.1:${port}/v1/realtime`,
    port,
    server,
    connections,
    nextConnection: () => {
      const c = pending.shift();
      if (c) return Promise.resolve(c);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of server.clients) c.terminate();
        server.close(() => resolve());
      }),
  };
}
