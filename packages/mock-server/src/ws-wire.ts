import type { WebSocket } from "ws";
import type { SessionWire, WireListener } from "./wire.js";

/** A {@link SessionWire} over a `ws` WebSocket: text and binary frames, ping/pong, close codes. */
export function webSocketWire(ws: WebSocket): SessionWire {
  return {
    send: (text) => ws.send(text),
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    // `ws` throws on a ping while the socket is closing (a close handshake can take 30 s).
    ping: () => {
      if (ws.readyState === ws.OPEN) ws.ping();
    },
    listen(listener: WireListener) {
      ws.on("message", (data, isBinary) => {
        const bytes = data as Buffer;
        listener.frame(
          isBinary ? { kind: "binary", bytes } : { kind: "text", text: bytes.toString("utf8") },
        );
      });
      ws.on("pong", () => listener.pong());
      ws.on("close", (code, reason) => listener.closed(code, reason.toString()));
      ws.on("error", (err) => listener.error(err));
    },
  };
}
