/** One structured log line. Keys and client secrets never appear in it. */
export interface LogEntry {
  /** Severity. */
  level: "debug" | "info" | "warn" | "error";
  /** What happened. */
  msg: string;
  /** Extra fields (ids, codes, counts). */
  [field: string]: string | number | boolean | null | undefined;
}

/** Receives log entries; the default drops them. */
export type Logger = (entry: LogEntry) => void;

const SECRET = /\b(sk-[A-Za-z0-9_-]+|ek_[A-Za-z0-9]+)/g;

/** Replaces anything shaped like a key or client secret with a marker. */
export function redact(text: string): string {
  return text.replace(SECRET, (m) => `${m.slice(0, 3)}[redacted]`);
}

/** Wraps a logger so every string field is redacted. */
export function safeLogger(log: Logger | undefined): Logger {
  if (!log) return () => {};
  return (entry) => {
    const clean: LogEntry = { level: entry.level, msg: redact(entry.msg) };
    for (const [k, v] of Object.entries(entry)) {
      if (k === "level" || k === "msg") continue;
      clean[k] = typeof v === "string" ? redact(v) : v;
    }
    log(clean);
  };
}
