import { type CloseReason, deferred, type LocalEvent, type TransportHandlers } from "@echo/core";

/** Transport handlers that record everything, with promises to await what comes. */
export function recordingHandlers() {
  const messages: string[] = [];
  const locals: LocalEvent[] = [];
  const closed = deferred<CloseReason>();
  let closedCount = 0;
  const localWaiters: { type: LocalEvent["type"]; resolve: (e: LocalEvent) => void }[] = [];
  const messageWaiters: { n: number; resolve: () => void }[] = [];
  const handlers: TransportHandlers = {
    message(data) {
      messages.push(data);
      for (const w of messageWaiters.filter((w) => messages.length >= w.n)) {
        messageWaiters.splice(messageWaiters.indexOf(w), 1);
        w.resolve();
      }
    },
    local(event) {
      locals.push(event);
      const i = localWaiters.findIndex((w) => w.type === event.type);
      const w = localWaiters[i];
      if (w) {
        localWaiters.splice(i, 1);
        w.resolve(event);
      }
    },
    closed(reason) {
      closedCount++;
      closed.resolve(reason);
    },
  };
  return {
    handlers,
    messages,
    locals,
    closed: closed.promise,
    get closedCount() {
      return closedCount;
    },
    /** Resolves when `n` messages have arrived in all. */
    messagesReceived(n: number): Promise<void> {
      if (messages.length >= n) return Promise.resolve();
      return new Promise((resolve) => messageWaiters.push({ n, resolve }));
    },
    /** Resolves with the next local event of this type. */
    nextLocal(type: LocalEvent["type"]): Promise<LocalEvent> {
      return new Promise((resolve) => localWaiters.push({ type, resolve }));
    },
  };
}

/** Lets pending I/O callbacks and timers of 0 ms run (not a wait for an outcome). */
export function turns(n = 3): Promise<void> {
  let p = Promise.resolve();
  for (let i = 0; i < n; i++) p = p.then(() => new Promise((r) => setImmediate(r)));
  return p;
}
