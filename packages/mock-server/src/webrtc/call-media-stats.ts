/**
 * Media counters of one WebRTC call. In a file of its own so the public types never import werift
 * (whose own declarations need `@types/multicast-dns` under `skipLibCheck: false`).
 */
export interface CallMediaStats {
  /** RTP packets received from the client (and decoded into the input buffer). */
  packetsIn: number;
  /** RTP packets sent to the client (the reply's audio). */
  packetsOut: number;
}
