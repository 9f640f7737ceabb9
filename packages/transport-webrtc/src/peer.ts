// The parts of the W3C WebRTC API this package uses, typed structurally so that both the
// browser's classes and werift's fit. Internal: never exported from the package.

/** A data channel (W3C `RTCDataChannel` or werift's). */
export interface DataChannelLike {
  readonly readyState: string;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: string, listener: (event: unknown) => void): void;
  removeEventListener?(type: string, listener: (event: unknown) => void): void;
}

/** A session description. */
export interface DescriptionLike {
  type: string;
  sdp?: string;
}

/** A peer connection (W3C `RTCPeerConnection` or werift's). */
export interface PeerConnectionLike {
  readonly connectionState: string;
  readonly iceGatheringState: string;
  readonly localDescription: DescriptionLike | null;
  readonly sctp?: { readonly maxMessageSize?: number } | null;
  createDataChannel(label: string, init?: { ordered?: boolean }): DataChannelLike;
  createOffer(): Promise<DescriptionLike>;
  setLocalDescription(description: DescriptionLike): Promise<unknown>;
  setRemoteDescription(description: DescriptionLike): Promise<unknown>;
  close(): void | Promise<void>;
  onconnectionstatechange: (() => void) | null;
  onicegatheringstatechange: (() => void) | null;
}
