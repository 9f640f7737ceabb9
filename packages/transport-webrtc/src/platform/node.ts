import { setupNodeMedia } from "../node/media.js";
import type { Platform } from "./types.js";

/** Node: no global RTCPeerConnection (pass werift's); PCM audio through Opus; loopback-friendly ICE defaults. */
export const platform: Platform = {
  name: "node",
  refusesStandardKeys: false,
  defaultPeerConnection: () => undefined,
  // werift's default STUN server is useless to a client of a public ICE-lite server and slows
  // gathering down; no ICE servers by default (pass rtcConfiguration to add some).
  // A loopback server (the mock) needs a loopback candidate, which werift leaves out by default.
  defaultRtcConfiguration: (url) =>
    isLoopback(url)
      ? { iceServers: [], iceAdditionalHostAddresses: ["127.0.0.1"], iceUseIpv6: false }
      : { iceServers: [] },
  setupMedia: setupNodeMedia,
};

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || host.startsWith("127.");
}
