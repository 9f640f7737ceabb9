import { type EchoError, EchoUsageError } from "../errors.js";
import type { LocalEvent } from "../events/index.js";
import type { Transport, TransportHandlers } from "../session/transport.js";
import { type CloseReason, closeReasonFromCode } from "../shared/close-reason.js";
import { type Deferred, deferred } from "../shared/deferred.js";

/** The state of a {@link FakeTransport}: a tagged union on `status`. */
export type FakeTransportState =
  | { status: "idle" }
  | { status: "opening" }
  | { status: "open" }
  | { status: "closed"; reason: CloseReason };

/**
 * An in-memory {@link Transport} for unit tests: it records what the session sends and lets the
 * test play the server (push frames, close with a code, fail sends, hold sends back).
 */
export interface FakeTransport extends Transport {
  /** Where the fake is: idle, opening, open or closed (with the reason it reported). */
  readonly state: FakeTransportState;
  /** Every frame the session has sent, in order (raw JSON text). */
  readonly sent: readonly string[];
  /** Every sent frame, parsed. */
  sentEvents(): unknown[];
  /** Resolves with the next frame sent after the ones already returned by `nextSent` (in order, none skipped). */
  nextSent(): Promise<string>;
  /** Delivers one server frame: an object is serialized first, a string goes as is (so it may be malformed). */
  receive(frame: string | object): void;
  /** Delivers a local event (`transport.reconnecting` / `transport.reconnected`). */
  local(event: LocalEvent): void;
  /** Closes from the server side with a WebSocket close code (mapped by `closeReasonFromCode`). */
  serverClose(code: number, reason?: string): void;
  /** Ends the connection with any reason (e.g. `{ kind: "network", code: null, reason: "reset" }`). */
  fail(reason: CloseReason): void;
  /** Makes every later `send` reject with `error` (pass `undefined` to stop). */
  failSends(error: EchoError | undefined): void;
  /** Holds sends back (they stay pending) until `release()`: simulates a slow network. */
  holdSends(): { release(): void };
  /** Makes the next `open` reject with `error`. */
  failOpen(error: EchoError): void;
  /** Makes `open` wait until the returned `release()` (so a test can abort it). */
  holdOpen(): { release(): void };
  /** How many times `close` was called, and with what. */
  readonly closeCalls: readonly { code: number | undefined; reason: string | undefined }[];
}

/** A fake transport used the wrong way (sent before open, opened twice). Code `"fake_transport_misuse"`. */
export class FakeTransportError extends EchoUsageError {
  constructor(message: string) {
    super("fake_transport_misuse", message);
  }
}

/** Options for {@link createFakeTransport}. */
export interface FakeTransportOptions {
  /** Frames the "server" sends as soon as the transport opens (e.g. a `session.created`). */
  greeting?: (string | object)[];
}

/** Makes a {@link FakeTransport}. */
export function createFakeTransport(options: FakeTransportOptions = {}): FakeTransport {
  let state: FakeTransportState = { status: "idle" };
  let handlers: TransportHandlers | undefined;
  const sent: string[] = [];
  let read = 0;
  const readers: Deferred<string>[] = [];
  let sendError: EchoError | undefined;
  let openError: EchoError | undefined;
  let sendGate: Promise<void> | undefined;
  let openGate: Promise<void> | undefined;
  const closeCalls: { code: number | undefined; reason: string | undefined }[] = [];

  const end = (reason: CloseReason) => {
    if (state.status === "closed") return;
    state = { status: "closed", reason };
    handlers?.closed(reason);
  };
  const requireOpen = (what: string) => {
    if (handlers === undefined || state.status === "idle") {
      throw new FakeTransportError(`FakeTransport.${what}: open the transport first.`);
    }
  };

  return {
    get state() {
      return state;
    },
    sent,
    closeCalls,
    async open(h, signal) {
      if (state.status !== "idle")
        throw new FakeTransportError("FakeTransport.open: a transport opens once; make a new one.");
      state = { status: "opening" };
      handlers = h;
      if (openGate !== undefined) {
        const gate = openGate;
        await new Promise<void>((resolve, reject) => {
          const onAbort = () => reject(signal?.reason);
          signal?.addEventListener("abort", onAbort, { once: true });
          void gate.then(() => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          });
        });
      }
      if (signal?.aborted) throw signal.reason;
      if (openError !== undefined) {
        state = { status: "idle" };
        throw openError;
      }
      if (state.status !== "opening") return;
      state = { status: "open" };
      for (const frame of options.greeting ?? []) {
        h.message(typeof frame === "string" ? frame : JSON.stringify(frame));
      }
    },
    async send(data) {
      if (state.status !== "open") {
        throw new FakeTransportError(`FakeTransport.send: the transport is ${state.status}.`);
      }
      if (sendGate !== undefined) await sendGate;
      if (sendError !== undefined) throw sendError;
      if (state.status !== "open")
        throw new FakeTransportError("FakeTransport.send: closed while sending.");
      sent.push(data);
      const reader = readers.shift();
      if (reader !== undefined) {
        read++;
        reader.resolve(data);
      }
    },
    async close(code, reason) {
      closeCalls.push({ code, reason });
      end({ kind: "client", code: code ?? 1000, reason: reason ?? "" });
    },
    sentEvents() {
      return sent.map((frame) => JSON.parse(frame) as unknown);
    },
    nextSent() {
      if (read < sent.length) return Promise.resolve(sent[read++] as string);
      const reader = deferred<string>();
      readers.push(reader);
      return reader.promise;
    },
    receive(frame) {
      requireOpen("receive");
      handlers?.message(typeof frame === "string" ? frame : JSON.stringify(frame));
    },
    local(event) {
      requireOpen("local");
      handlers?.local(event);
    },
    serverClose(code, reason = "") {
      requireOpen("serverClose");
      end(closeReasonFromCode(code, reason));
    },
    fail(reason) {
      requireOpen("fail");
      end(reason);
    },
    failSends(error) {
      sendError = error;
    },
    holdSends() {
      const gate = deferred<void>();
      sendGate = gate.promise;
      return {
        release() {
          sendGate = undefined;
          gate.resolve();
        },
      };
    },
    failOpen(error) {
      openError = error;
    },
    holdOpen() {
      const gate = deferred<void>();
      openGate = gate.promise;
      return {
        release() {
          openGate = undefined;
          gate.resolve();
        },
      };
    },
  };
}
