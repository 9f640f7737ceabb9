/**
 * What a wire hands its session: one frame from the peer, text (a JSON event, as a string) or
 * binary (which the protocol does not allow; the session answers with an error).
 */
export type WireFrame = { kind: "text"; text: string } | { kind: "binary"; bytes: Uint8Array };

/** The callbacks a session registers on its wire. */
export interface WireListener {
  /** One frame from the peer. */
  frame(frame: WireFrame): void;
  /** The peer answered a {@link SessionWire.ping}. */
  pong(): void;
  /** The wire is gone (code 1006 when it dropped without a close handshake). Called once. */
  closed(code: number, reason: string): void;
  /** A transport-level error; `closed` follows. */
  error(error: Error): void;
}

/**
 * The connection a mock session talks over: a WebSocket (see `ws-wire.ts`) or a WebRTC
 * `oai-events` data channel. The session logic only ever sees this, so both wires behave alike.
 */
export interface SessionWire {
  /** Sends one text frame. */
  send(text: string): void;
  /** Closes with a close code and reason (a close handshake where the wire has one). */
  close(code: number, reason: string): void;
  /** Drops the connection at once, without a close handshake (the peer sees 1006): fault injection and dead peers. */
  terminate(): void;
  /** Bytes queued for sending but not yet written to the network (backpressure). */
  readonly bufferedAmount: number;
  /** Stops reading from the peer (stall and slow-reader faults); frames wait in the network buffers. */
  pause(): void;
  /** Reads from the peer again after {@link pause}. */
  resume(): void;
  /** Sends a liveness probe that the peer answers with a pong; absent when the wire has none. */
  ping?(): void;
  /** Registers the session's callbacks (once, before any frame is delivered). */
  listen(listener: WireListener): void;
}
