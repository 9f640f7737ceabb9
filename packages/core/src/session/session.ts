import {
  type Channel,
  type ChannelBuffer,
  chan,
  TooManyPendingPutsError,
} from "../channel/index.js";
import type { Reducer } from "../channel/transducers.js";
import { EchoUsageError, InvalidArgumentError } from "../errors.js";
import type { ClientEvent, SessionEvent } from "../events/index.js";
import type { CloseReason } from "../shared/close-reason.js";
import { type Deferred, deferred } from "../shared/deferred.js";
import { type Logger, safeLogger } from "../shared/log.js";
import { redactString } from "../shared/redact.js";
import { safeErrorHandler } from "../shared/safe-handler.js";
import {
  MalformedServerFrameError,
  SessionBackpressureError,
  SessionClosedError,
  SessionOverflowError,
  UnserializableEventError,
} from "./errors.js";
import { attachLogger } from "./logger-of.js";
import type { SessionOptions } from "./options.js";
import type { Transport, TransportHandlers } from "./transport.js";

/**
 * A conversation with a Realtime server: a duplex channel of client events in and server events
 * out, over any {@link Transport}. Make one with {@link openSession} (or a transport's `connect`).
 *
 * ```ts
 * await session.put({ type: "response.create" });
 * for await (const ev of session) if (ev.type === "response.done") break;
 * await session.close();
 * ```
 */
export interface Session<Out = SessionEvent> extends AsyncIterable<Out> {
  /**
   * Sends a client event (through `xfIn`). Resolves when the transport has taken it
   * (backpressure); rejects with the error of a throwing `xfIn` (nothing sent, the session stays
   * open), with `SessionClosedError` when the session is closed, or with the transport's error.
   */
  put(event: ClientEvent): Promise<void>;
  /** The next incoming event (after `xfOut`); `undefined` once the session is closed and drained. */
  take(): Promise<Out | undefined>;
  /** The next incoming event if one is buffered, without waiting. */
  poll(): Out | undefined;
  /** Closes the session (idempotent; default code 1000) and resolves with why it closed. Buffered events can still be taken. */
  close(code?: number, reason?: string): Promise<CloseReason>;
  /** Resolves once, with why the session closed. Never rejects. */
  readonly closed: Promise<CloseReason>;
  /** Iterates incoming events until the session is closed and drained. */
  [Symbol.asyncIterator](): AsyncIterator<Out>;
}

/** Default bound on puts waiting for the transport. */
const DEFAULT_BUFFER_IN = 1024;
/** Default buffer of incoming events. */
const DEFAULT_BUFFER_OUT = 4096;
/** Longest piece of a bad frame quoted in an error or log. */
const PREVIEW_CHARS = 200;
/** Longest close reason a close frame can carry (RFC 6455 §5.5: 125 bytes minus the code). */
const MAX_CLOSE_REASON_BYTES = 123;

type State =
  | { status: "opening" }
  | { status: "open" }
  | { status: "closing"; intended: CloseReason }
  | { status: "closed"; reason: CloseReason };

/**
 * Opens `transport` and returns a {@link Session} over it. Rejects with the transport's error
 * when it cannot open, or with `signal.reason` when `options.signal` aborts first.
 */
export async function openSession<Out = SessionEvent>(
  transport: Transport,
  options: SessionOptions<Out> = {},
): Promise<Session<Out>> {
  const { signal } = options;
  if (signal?.aborted) throw signal.reason;
  const session = new TransportSession<Out>(transport, options);
  await session.open(signal);
  return session;
}

class TransportSession<Out> implements Session<Out> {
  readonly closed: Promise<CloseReason>;
  readonly #transport: Transport;
  readonly #log: Logger;
  readonly #onError: (error: unknown) => void;
  readonly #out: Channel<Out, SessionEvent>;
  readonly #inStep: Reducer<ClientEvent> | undefined;
  readonly #outgoing: ClientEvent[] = [];
  readonly #maxPending: number;
  readonly #closedDeferred: Deferred<CloseReason> = deferred();
  #state: State = { status: "opening" };
  #pending = 0;
  readonly #inflight = new Set<(error: unknown) => void>();
  #tail: Promise<void> = Promise.resolve();
  #removeAbortListener: () => void = () => {};

  constructor(transport: Transport, options: SessionOptions<Out>) {
    this.#transport = transport;
    this.closed = this.#closedDeferred.promise;
    this.#log = safeLogger(options.log);
    attachLogger(this, this.#log);
    this.#onError = safeErrorHandler(options.onError, this.#log);
    this.#maxPending = options.bufferIn ?? DEFAULT_BUFFER_IN;
    if (!Number.isInteger(this.#maxPending) || this.#maxPending < 1) {
      throw new InvalidArgumentError(
        `bufferIn must be a whole number >= 1, got ${String(options.bufferIn)}.`,
      );
    }
    const outgoing = this.#outgoing;
    this.#inStep = options.xfIn?.({
      step: (event) => {
        outgoing.push(event);
        return true;
      },
      complete: () => {},
    });
    // The buffer holds what xfOut yields; its element type is not checked so that inference of
    // Out comes from xfOut alone (a typed buffer would pin it).
    const bufferOut = (options.bufferOut ?? DEFAULT_BUFFER_OUT) as number | ChannelBuffer<Out>;
    this.#out =
      options.xfOut === undefined
        ? // Without xfOut, Out is SessionEvent (the type parameter's default).
          (chan<SessionEvent>(bufferOut as number) as unknown as Channel<Out, SessionEvent>)
        : chan<SessionEvent, Out>(bufferOut, options.xfOut, (error) => {
            this.#log({ level: "warn", msg: "xfOut threw; the event was skipped", error });
            this.#onError(error);
          });
  }

  async open(signal: AbortSignal | undefined): Promise<void> {
    this.#log({ level: "debug", msg: "session opening" });
    const handlers: TransportHandlers = {
      message: (data) => this.#receive(data),
      local: (event) => this.#deliver(event),
      closed: (reason) => this.#transportClosed(reason),
    };
    const opening = this.#transport.open(handlers, signal);
    if (signal === undefined) {
      await opening;
    } else {
      const aborted = deferred<never>();
      const onAbort = () => aborted.reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      try {
        await Promise.race([opening, aborted.promise]);
      } catch (error) {
        opening.catch(() => {});
        if (signal.aborted) {
          // The transport may not honour the signal: make sure nothing stays open.
          this.#transport.close(1000, "aborted").catch(() => {});
          this.#finish({ kind: "aborted", reason: signal.reason });
        }
        throw error;
      } finally {
        signal.removeEventListener("abort", onAbort);
      }
    }
    if (this.#state.status !== "opening") return;
    this.#state = { status: "open" };
    if (signal !== undefined) {
      const onAbort = () => {
        void this.#closeWith({ kind: "aborted", reason: signal.reason }, 1000, "aborted");
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#removeAbortListener = () => signal.removeEventListener("abort", onAbort);
    }
    this.#log({ level: "info", msg: "session open" });
  }

  put(event: ClientEvent): Promise<void> {
    try {
      return this.#put(event);
    } catch (error) {
      // Nothing a caller passes may make put() throw instead of rejecting.
      return Promise.reject(error);
    }
  }

  #put(event: ClientEvent): Promise<void> {
    const state = this.#state;
    if (state.status === "closed") return Promise.reject(new SessionClosedError(state.reason));
    if (state.status === "closing") return Promise.reject(new SessionClosedError(state.intended));
    let frames: string[];
    try {
      frames = this.#serialize(event);
    } catch (error) {
      this.#log({
        level: "warn",
        msg: "a client event was rejected before sending",
        eventType: typeFieldOf(event),
        error,
      });
      this.#onError(error);
      return Promise.reject(error);
    }
    if (this.#pending >= this.#maxPending) {
      return Promise.reject(new SessionBackpressureError(this.#maxPending));
    }
    this.#pending++;
    const sent = this.#tail.then(() => this.#sendAll(frames));
    this.#tail = sent.then(
      () => {},
      () => {},
    );
    return sent.finally(() => {
      this.#pending--;
    });
  }

  take(): Promise<Out | undefined> {
    return this.#out.take();
  }

  poll(): Out | undefined {
    return this.#out.poll();
  }

  [Symbol.asyncIterator](): AsyncIterator<Out> {
    return this.#out[Symbol.asyncIterator]();
  }

  close(code = 1000, reason = ""): Promise<CloseReason> {
    // Checked before any state changes: a close the socket would refuse must not leave a
    // session that says "closed" over a socket that is still open.
    const invalid = invalidClose(code, reason);
    if (invalid !== undefined) return Promise.reject(invalid);
    return this.#closeWith(redactCloseReason({ kind: "client", code, reason }), code, reason);
  }

  // Applies xfIn and serializes, synchronously, so a bad event fails its own put at once.
  #serialize(event: ClientEvent): string[] {
    let events: ClientEvent[];
    if (this.#inStep === undefined) {
      events = [event];
    } else {
      this.#outgoing.length = 0;
      try {
        this.#inStep.step(event);
        events = this.#outgoing.slice();
      } finally {
        this.#outgoing.length = 0;
      }
    }
    return events.map((ev) => {
      let frame: string | undefined;
      try {
        frame = JSON.stringify(ev);
      } catch (error) {
        throw new UnserializableEventError(typeFieldOf(ev), error);
      }
      // `frame[0]` rules out arrays, Dates and a `toJSON` that returns a non-object.
      if (typeof frame !== "string" || frame.charCodeAt(0) !== 0x7b || !hasStringType(ev)) {
        throw new UnserializableEventError(
          typeFieldOf(ev),
          new TypeError(
            `a client event is a plain object with a string \`type\` (got ${describeValue(ev)})`,
          ),
        );
      }
      return frame;
    });
  }

  async #sendAll(frames: string[]): Promise<void> {
    for (const frame of frames) {
      const state = this.#state;
      if (state.status === "closed") throw new SessionClosedError(state.reason);
      if (state.status === "closing") throw new SessionClosedError(state.intended);
      // A send still pending when the session closes must not hang its put forever: #finish
      // rejects the ones in flight (one set entry per pending send, nothing left behind).
      try {
        await new Promise<void>((resolve, reject) => {
          this.#inflight.add(reject);
          this.#transport.send(frame).then(
            () => {
              this.#inflight.delete(reject);
              resolve();
            },
            (error: unknown) => {
              this.#inflight.delete(reject);
              reject(error);
            },
          );
        });
      } catch (error) {
        if (!(error instanceof SessionClosedError)) {
          this.#log({ level: "error", msg: "the transport failed to send an event", error });
        }
        throw error;
      }
    }
  }

  #receive(data: string): void {
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch (error) {
      this.#malformed(data, error);
      return;
    }
    if (
      typeof event !== "object" ||
      event === null ||
      typeof (event as { type?: unknown }).type !== "string"
    ) {
      this.#malformed(data, undefined);
      return;
    }
    this.#deliver(event as SessionEvent);
  }

  #deliver(event: SessionEvent): void {
    const out = this.#out;
    if (out.closed) return;
    // The hot path: a buffer with room takes the event synchronously, with no promise made.
    try {
      if (out.offer(event)) return;
    } catch {
      // A throwing xfOut, already reported through onError: the event is skipped.
      return;
    }
    out.put(event).catch((error: unknown) => {
      if (error instanceof TooManyPendingPutsError) {
        void this.#closeWith(
          { kind: "error", error: new SessionOverflowError(error) },
          1011,
          "client overflow",
        );
      }
      // Any other rejection is a throwing xfOut, already reported through onError.
    });
  }

  #malformed(data: string, cause: unknown): void {
    const preview = redactString(data.slice(0, PREVIEW_CHARS));
    const error = new MalformedServerFrameError(preview, cause);
    this.#log({ level: "warn", msg: "skipped a malformed server frame", preview });
    this.#onError(error);
  }

  #transportClosed(reason: CloseReason): void {
    const state = this.#state;
    // A close we started for a reason (abort, overflow) is reported as that reason, not as the
    // plain client close it caused.
    if (state.status === "closing" && state.intended.kind !== "client") {
      this.#finish(state.intended);
    } else {
      this.#finish(reason);
    }
  }

  async #closeWith(intended: CloseReason, code: number, reason: string): Promise<CloseReason> {
    const state = this.#state;
    if (state.status === "closed" || state.status === "closing") return this.closed;
    this.#state = { status: "closing", intended };
    try {
      await this.#transport.close(code, reason);
    } catch (error) {
      if (error instanceof EchoUsageError && this.#state.status === "closing") {
        // The transport refused the close and kept its socket open: so does the session.
        this.#state = { status: "open" };
        throw error;
      }
      this.#log({ level: "warn", msg: "the transport failed to close cleanly", error });
    }
    // A transport that did not report its close still ends the session.
    this.#finish(intended);
    return this.closed;
  }

  #finish(unsafe: CloseReason): void {
    if (this.#state.status === "closed") return;
    const reason = redactCloseReason(unsafe);
    this.#state = { status: "closed", reason };
    // A send the transport has already taken (its promise settled, its callback queued) must
    // resolve its put: it was sent. Only sends still waiting (e.g. for a drain that will never
    // come) are rejected, once the callbacks already due have run.
    const waiting = [...this.#inflight];
    this.#inflight.clear();
    if (waiting.length > 0) {
      setTimeout(() => {
        for (const reject of waiting) reject(new SessionClosedError(reason));
      }, 0);
    }
    this.#removeAbortListener();
    this.#out.close();
    const level = reason.kind === "client" || reason.kind === "server" ? "info" : "warn";
    this.#log({ level, msg: "session closed", reason });
    this.#closedDeferred.resolve(reason);
  }
}

/** The `type` field of anything, if reading it works (a hostile getter may throw). */
function typeFieldOf(event: unknown): unknown {
  if (typeof event !== "object" || event === null) return undefined;
  try {
    return (event as { type?: unknown }).type;
  } catch {
    return undefined;
  }
}

function hasStringType(event: unknown): boolean {
  return !Array.isArray(event) && typeof typeFieldOf(event) === "string";
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a Date";
  if (typeof value !== "object") return `a ${typeof value}`;
  return typeFieldOf(value) === undefined ? "an object without `type`" : "an object";
}

/** Why `close(code, reason)` cannot be sent, or `undefined` when it can. */
function invalidClose(code: number, reason: string): EchoUsageError | undefined {
  if (!Number.isInteger(code) || (code !== 1000 && (code < 3000 || code > 4999))) {
    return new EchoUsageError(
      "invalid_close",
      `Invalid close code ${String(code)}: use 1000 (normal) or a code from 3000 to 4999. Codes like 1005 and 1006 are reserved for reporting and cannot be sent.`,
    );
  }
  if (typeof reason !== "string" || utf8Length(reason) > MAX_CLOSE_REASON_BYTES) {
    return new EchoUsageError(
      "invalid_close",
      `The close reason must be a string of at most ${MAX_CLOSE_REASON_BYTES} bytes of UTF-8 (a close frame cannot carry more); shorten it.`,
    );
  }
  return undefined;
}

function utf8Length(text: string): number {
  // Cheap upper bound first: UTF-16 length x 3 covers every code point.
  if (text.length * 3 <= MAX_CLOSE_REASON_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}

/** A close reason with any key a server reflected into it redacted (unchanged if none). */
function redactCloseReason(reason: CloseReason): CloseReason {
  if (!("reason" in reason) || typeof reason.reason !== "string") return reason;
  const clean = redactString(reason.reason);
  return clean === reason.reason ? reason : { ...reason, reason: clean };
}
