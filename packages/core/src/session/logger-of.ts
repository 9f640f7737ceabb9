import type { Logger } from "../shared/log.js";

// Which logger each session writes to, so helpers given only a session (`stream`,
// `captureAudio`) log where the session logs without a `log` option of their own.
const loggers = new WeakMap<object, Logger>();

/** Records the (already safe) logger of a session made by `openSession`. */
export function attachLogger(session: object, log: Logger): void {
  loggers.set(session, log);
}

/** The logger `session` writes to, or a no-op for a session `openSession` did not make. */
export function loggerOf(session: object): Logger {
  return loggers.get(session) ?? noLog;
}

function noLog(): void {}
