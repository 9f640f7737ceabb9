import type { Logger } from "./log.js";

/**
 * Wraps a user's `onError` so that calling it can never throw into the caller (a session's read
 * loop, `stream`'s playback, `captureAudio`'s sends): a handler that throws is logged at `error`
 * level through `log` with `msg: "onError threw"` and the thrown value, then ignored. `undefined`
 * gives a handler that does nothing. Session, `stream` and `captureAudio` all use this one.
 */
export function safeErrorHandler(
  onError: ((error: unknown) => void) | undefined,
  log: Logger,
): (error: unknown) => void {
  if (onError === undefined) return () => {};
  return (error) => {
    try {
      onError(error);
    } catch (thrown) {
      log({ level: "error", msg: "onError threw", error: thrown, handling: error });
    }
  };
}
