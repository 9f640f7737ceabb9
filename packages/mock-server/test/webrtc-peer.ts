import { type RTCDataChannel, RTCPeerConnection } from "werift";

/** A raw werift offerer, as a browser makes one: one audio transceiver and the `oai-events` channel. */
export async function makeOffer(): Promise<{
  pc: RTCPeerConnection;
  dc: RTCDataChannel;
  sdp: string;
}> {
  const pc = new RTCPeerConnection({
    iceServers: [],
    iceAdditionalHostAddresses: ["127.0.0.1"],
    iceUseIpv6: false,
  });
  const dc = pc.createDataChannel("oai-events");
  pc.addTransceiver("audio", { direction: "sendrecv" });
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === "complete") resolve();
    else pc.iceGatheringStateChange.subscribe((s) => s === "complete" && resolve());
  });
  return { pc, dc, sdp: pc.localDescription?.sdp ?? "" };
}

/** Collects a data channel's JSON events and waits for types. */
export function channelEvents(dc: RTCDataChannel) {
  const events: { type: string; [k: string]: unknown }[] = [];
  const seen: { type: string; [k: string]: unknown }[] = [];
  const waiters: (() => void)[] = [];
  dc.onMessage.subscribe((data) => {
    const event = JSON.parse(String(data));
    events.push(event);
    seen.push(event);
    for (const w of waiters.splice(0)) w();
  });
  return {
    events,
    /** Every event received, never consumed. */
    seen,
    async next(type: string) {
      for (;;) {
        const at = events.findIndex((e) => e.type === type);
        if (at >= 0)
          return events.splice(0, at + 1).at(-1) as { type: string; [k: string]: unknown };
        await new Promise<void>((r) => waiters.push(r));
      }
    },
  };
}
