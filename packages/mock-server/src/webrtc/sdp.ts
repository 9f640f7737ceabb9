/**
 * Checks an SDP offer the way the service does before answering: SDP at all, one audio
 * m-section and a data channel m-section (the server needs both). Returns what is wrong, or null.
 */
export function checkOffer(sdp: string): string | null {
  if (!/^v=0\r?\n/.test(sdp)) return "the body is not SDP (it must start with 'v=0').";
  const sections = sdp.split(/\r?\n(?=m=)/).slice(1);
  const audio = sections.filter((m) => m.startsWith("m=audio "));
  if (audio.length === 0)
    return "no audio m-section; add one audio track (or a silent one) before createOffer().";
  if (!audio.some((m) => /a=rtpmap:\d+ opus\/48000/i.test(m)))
    return "the audio m-section does not offer Opus (opus/48000/2).";
  if (!sections.some((m) => m.startsWith("m=application ") && m.includes("webrtc-datachannel")))
    return "no data channel m-section; create the 'oai-events' data channel before createOffer().";
  if (!/a=fingerprint:/.test(sdp)) return "no DTLS fingerprint.";
  return null;
}
