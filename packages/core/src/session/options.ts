import type { ChannelBuffer } from "../channel/buffers.js";
import type { Transducer } from "../channel/transducers.js";
import type { ClientEvent, SessionEvent } from "../events/index.js";
import type { Logger } from "../shared/log.js";

/** Options every session accepts (`openSession`, and every transport's `connect`). */
export interface SessionOptions<Out = SessionEvent> {
  /**
   * Applied to every client event before it is sent, e.g. `map(validate)` from `@echo/schema`.
   * If it throws, the `put` rejects with that error, `onError` is called, nothing is sent and
   * the session stays open. It may drop events (`filter`) or expand them.
   */
  xfIn?: Transducer<ClientEvent, ClientEvent>;
  /**
   * Applied to every incoming event (server and local) before it can be taken. If it throws,
   * `onError` is called, that event is skipped and the session stays open.
   */
  xfOut?: Transducer<SessionEvent, Out>;
  /**
   * Called with every error the session survives: a throwing `xfIn`/`xfOut`, a malformed server
   * frame. (Errors that close the session are in `session.closed` instead.)
   */
  onError?: (error: unknown) => void;
  /** Structured log entries; API keys (`sk-…`) and client secrets (`ek_…`) are always redacted. */
  log?: Logger;
  /** Aborts opening (the open rejects with `signal.reason`) and closes an open session with `{ kind: "aborted" }`. */
  signal?: AbortSignal;
  /**
   * How many `put`s may wait for the transport at once (default 1024). Past it, `put` rejects
   * with `SessionBackpressureError`: await your puts.
   */
  bufferIn?: number;
  /**
   * Buffer of incoming events not yet taken: a size (fixed, default 4096) or a channel buffer
   * (`fixed(n)`, `sliding(n)`, `dropping(n)`). When a fixed buffer and the queue behind it
   * overflow, the session closes with `SessionOverflowError`.
   */
  bufferOut?: number | ChannelBuffer<unknown>;
}
