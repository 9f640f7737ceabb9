import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A server that answers every WebSocket upgrade with an HTTP error instead of a 101. */
export interface RefusingServer {
  url: string;
  close(): Promise<void>;
}

/** Answers each upgrade with `status` and `body` (JSON when an object), then ends the socket. */
export async function startRefusingServer(
  status: number,
  body: string | object,
): Promise<RefusingServer> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const type = typeof body === "string" ? "text/plain" : "application/json";
  const server: Server = createServer((_req, res) => res.end());
  server.on("upgrade", (_req, socket) => {
    socket.end(
      `HTTP/1.1 ${status} Refused\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/v1/realtime`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
