/** While more than this much output waits in the socket, a response holds its next delta. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/** What a pacer needs to see of the connection. */
export interface PacedWire {
  /** Bytes queued for sending. */
  readonly bufferedAmount: number;
}

/**
 * Paces one response: the n-th call resolves `n * intervalMs` after the first, measured from the
 * start, so timer lateness never adds up (a reply of 200 ms chunks every 200 ms plays in real
 * time). With `intervalMs` 0 it only yields to the event loop. Either way it holds while the
 * client is not reading (more than 1 MiB unsent), so a slow client cannot grow the server's memory.
 */
export function createPacer(
  intervalMs: number,
  wire: PacedWire,
  now: () => number = () => performance.now(),
): () => Promise<void> {
  let due = now();
  const wait = (resolve: () => void, ms: number) => {
    if (ms > 0) setTimeout(resolve, ms);
    else setImmediate(resolve);
  };
  const hold = (resolve: () => void) => {
    if (wire.bufferedAmount <= MAX_BUFFERED_BYTES) {
      wait(resolve, due - now());
      return;
    }
    setTimeout(() => hold(resolve), 20);
  };
  return () =>
    new Promise<void>((resolve) => {
      if (intervalMs <= 0) {
        if (wire.bufferedAmount <= MAX_BUFFERED_BYTES) setImmediate(resolve);
        else hold(resolve);
        return;
      }
      due += intervalMs;
      hold(resolve);
    });
}
