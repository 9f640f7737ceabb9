// API keys (`sk-…`) and client secrets (`ek_…`) must never reach a log line or an error message,
// even when they come back to us inside a URL or an error from a lower layer.
const SECRET = /\b(sk-|ek_)[A-Za-z0-9_\-.]+/g;

/** Replaces anything shaped like an API key or a client secret with a marker. */
export function redact(text: string): string {
  return text.replace(SECRET, "$1[redacted]");
}
