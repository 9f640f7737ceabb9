import WebSocket, { type RawData } from "ws";
import type { RawConnection } from "./raw-server.js";

/**
 * Forwards one accepted raw connection to the server at `upstreamUrl` (same path and query, same
 * `Authorization`): frames both ways in order, and each side's close mirrored to the other (code
 * and reason; 1005 as a close without a code, 1006 as a drop). The raw connection's `received`
 * then holds every frame the client sent, while a real server (the mock) answers it.
 */
export function relayTo(upstreamUrl: string, conn: RawConnection): void {
  const url = new URL(conn.request.url ?? "/", upstreamUrl);
  const authorization = conn.request.headers.authorization;
  const upstream = new WebSocket(url, authorization ? { headers: { authorization } } : {});
  // Frames the client sends before the upstream connection is open wait here.
  const early: [RawData, boolean][] = [];
  conn.socket.on("message", (data, isBinary) => {
    if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary: isBinary });
    else early.push([data, isBinary]);
  });
  upstream.on("open", () => {
    for (const [data, isBinary] of early.splice(0)) upstream.send(data, { binary: isBinary });
  });
  upstream.on("message", (data, isBinary) => conn.socket.send(data, { binary: isBinary }));
  upstream.on("close", (code, reason) => mirrorClose(conn.socket, code, reason.toString()));
  upstream.on("error", () => conn.socket.terminate());
  conn.socket.on("close", (code, reason) => mirrorClose(upstream, code, reason.toString()));
}

function mirrorClose(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === WebSocket.CLOSING || ws.readyState === WebSocket.CLOSED) return;
  if (ws.readyState === WebSocket.CONNECTING || code === 1006) ws.terminate();
  else if (code === 1005) ws.close();
  else ws.close(code, reason);
}
