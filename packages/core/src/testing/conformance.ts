import { afterEach, describe, expect, it } from "vitest";
import { EchoError } from "../errors.js";
import type { SessionEvent } from "../events/index.js";
import { SessionClosedError } from "../session/errors.js";
import { openSession, type Session } from "../session/session.js";
import type { Transport, TransportHandlers } from "../session/transport.js";
import type { CloseReason } from "../shared/close-reason.js";

/**
 * The server side of the one connection a transport under test makes. The suite drives the
 * server through it. Its methods may be called before that connection exists (e.g. right after
 * `open` resolved): they should wait for it.
 */
export interface ConformanceServer {
  /** Resolves with the next text frame the server received from the client, in order, none skipped. */
  next(): Promise<string>;
  /** Sends one text frame to the client. */
  send(data: string): void | Promise<void>;
  /** Closes the connection from the server side with this close code and reason. */
  close(code: number, reason: string): void | Promise<void>;
}

/** A transport to test, the server end of its connection, and how to clean up. */
export interface ConformanceSubject {
  /** A fresh transport, not yet opened. */
  transport: Transport;
  /** The server end of the connection `transport` will open. */
  server: ConformanceServer;
  /** Called after each test (close servers, sockets). */
  dispose?(): void | Promise<void>;
}

/** Makes a fresh {@link ConformanceSubject} for each test. */
export type ConformanceFactory = () => ConformanceSubject | Promise<ConformanceSubject>;

/** Options of {@link runTransportConformance}. */
export interface ConformanceOptions {
  /** Server close codes to check and the reason kinds they must map to (default: §1 of the protocol). */
  closeCodes?: readonly (readonly [number, CloseReason["kind"]])[];
  /** Per-test timeout in ms (default 10 000). */
  timeoutMs?: number;
}

/** The close codes of §1 of the protocol and the kinds every transport reports for them. */
export const PROTOCOL_CLOSE_CODES: readonly (readonly [number, CloseReason["kind"]])[] = [
  [1000, "server"],
  [1001, "expired"],
  [3000, "auth"],
  [4000, "bad_request"],
];

/** Every event id the suite makes starts with this, so a server that speaks on its own (a mock's `session.created`) does not disturb it. */
const PREFIX = "conformance_";

/**
 * Registers a vitest suite, `transport conformance: <name>`, that checks a {@link Transport}
 * implementation against the contract every session relies on. Call it at the top level of a
 * test file in the transport's package:
 *
 * ```ts
 * runTransportConformance("ws against the mock server", async () => {
 *   const server = await startRawServer(); // your real server on 127.0.0.1, port 0
 *   return {
 *     transport: createWsTransport({ url: server.url, apiKey: "sk-test" }),
 *     server: { next: server.next, send: server.send, close: server.close },
 *     dispose: () => server.stop(),
 *   };
 * });
 * ```
 *
 * It checks: open then client close gives `{ kind: "client", code: 1000 }` and `close` is
 * idempotent with one `closed` report; client frames reach the server in order (including a
 * large one); server frames become session events in order (unicode intact), also right
 * before a server close; server close codes map to typed reasons; `send` after close rejects
 * with an `EchoError` and `put` with `SessionClosedError`; an aborted signal rejects `open`,
 * and aborting an open session closes it with `{ kind: "aborted" }`. Frames the server sends
 * on its own (anything without the suite's `event_id` prefix) are ignored.
 *
 * `vitest` is an optional peer dependency of `@echo/core`, needed only for this function.
 */
export function runTransportConformance(
  name: string,
  factory: ConformanceFactory,
  options: ConformanceOptions = {},
): void {
  const timeout = options.timeoutMs ?? 10_000;
  const closeCodes = options.closeCodes ?? PROTOCOL_CLOSE_CODES;

  describe(`transport conformance: ${name}`, () => {
    const cleanups: (() => void | Promise<void>)[] = [];

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    async function subject(): Promise<ConformanceSubject> {
      const s = await factory();
      if (s.dispose !== undefined) cleanups.push(() => s.dispose?.());
      return s;
    }

    async function opened(): Promise<{ session: Session; server: ConformanceServer }> {
      const { transport, server } = await subject();
      const session = await openSession(transport);
      cleanups.push(async () => {
        await session.close();
      });
      return { session, server };
    }

    it(
      "opens, and a client close resolves { kind: 'client', code: 1000 }",
      async () => {
        const { session } = await opened();
        const reason = await session.close(1000, "bye");
        expect(reason.kind).toBe("client");
        if (reason.kind === "client") expect(reason.code).toBe(1000);
        expect(await session.closed).toBe(reason);
      },
      timeout,
    );

    it(
      "close is idempotent and `closed` is reported exactly once",
      async () => {
        const { transport } = await subject();
        const reasons: CloseReason[] = [];
        const handlers: TransportHandlers = {
          message: () => {},
          local: () => {},
          closed: (reason) => reasons.push(reason),
        };
        await transport.open(handlers);
        await Promise.all([transport.close(1000, "a"), transport.close(1000, "b")]);
        await transport.close();
        await letIoRun();
        expect(reasons).toHaveLength(1);
        expect(reasons[0]?.kind).toBe("client");
      },
      timeout,
    );

    it(
      "client events reach the server in order, a large one included",
      async () => {
        const { session, server } = await opened();
        const ids: string[] = [];
        const puts: Promise<void>[] = [];
        for (let i = 0; i < 50; i++) {
          const id = `${PREFIX}c${i}`;
          ids.push(id);
          puts.push(session.put({ type: "input_audio_buffer.clear", event_id: id }));
        }
        // One second of PCM16 silence, 64 KB of base64.
        const audio = "A".repeat(64_000);
        ids.push(`${PREFIX}big`);
        puts.push(
          session.put({ type: "input_audio_buffer.append", audio, event_id: `${PREFIX}big` }),
        );
        await Promise.all(puts);
        const got: string[] = [];
        while (got.length < ids.length) {
          const frame = JSON.parse(await server.next()) as { event_id?: string; audio?: string };
          if (frame.event_id?.startsWith(PREFIX)) got.push(frame.event_id);
          if (frame.event_id === `${PREFIX}big`) expect(frame.audio).toBe(audio);
        }
        expect(got).toEqual(ids);
      },
      timeout,
    );

    it(
      "server frames become session events, in order, text intact",
      async () => {
        const { session, server } = await opened();
        const sent: string[] = [];
        for (let i = 0; i < 50; i++) {
          const id = `${PREFIX}s${i}`;
          sent.push(id);
          await server.send(JSON.stringify({ type: "conformance.test", event_id: id, n: i }));
        }
        const text = 'héllo, 世界 👋 "quoted" \\ done';
        await server.send(
          JSON.stringify({ type: "conformance.text", event_id: `${PREFIX}text`, text }),
        );
        const got = await takeOurs(session, sent.length + 1);
        expect(got.map((e) => e.event_id)).toEqual([...sent, `${PREFIX}text`]);
        expect(got[got.length - 1]?.text).toBe(text);
      },
      timeout,
    );

    for (const [code, kind] of closeCodes) {
      it(
        `a server close with ${code} closes the session with { kind: "${kind}" }, after the frames sent before it`,
        async () => {
          const { session, server } = await opened();
          await server.send(
            JSON.stringify({ type: "conformance.last", event_id: `${PREFIX}last` }),
          );
          await server.close(code, `reason ${code}`);
          const reason = await session.closed;
          expect(reason.kind).toBe(kind);
          if ("code" in reason) expect(reason.code).toBe(code);
          if ("reason" in reason && typeof reason.reason === "string") {
            expect(reason.reason).toBe(`reason ${code}`);
          }
          const got = await takeOurs(session, 1);
          expect(got.map((e) => e.event_id)).toEqual([`${PREFIX}last`]);
          await expect(session.put({ type: "input_audio_buffer.clear" })).rejects.toBeInstanceOf(
            SessionClosedError,
          );
        },
        timeout,
      );
    }

    it(
      "after a client close, put rejects with SessionClosedError and send with an EchoError",
      async () => {
        const { transport } = await subject();
        const session = await openSession(transport);
        await session.close();
        const err = await session
          .put({ type: "input_audio_buffer.clear" })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(SessionClosedError);
        await expect(transport.send('{"type":"input_audio_buffer.clear"}')).rejects.toBeInstanceOf(
          EchoError,
        );
      },
      timeout,
    );

    it(
      "an already aborted signal rejects open with the signal's reason",
      async () => {
        const { transport } = await subject();
        const controller = new AbortController();
        const why = new Error("conformance abort");
        controller.abort(why);
        const handlers: TransportHandlers = {
          message: () => {},
          local: () => {},
          closed: () => {},
        };
        await expect(transport.open(handlers, controller.signal)).rejects.toBe(why);
        await transport.close();
      },
      timeout,
    );

    it(
      "aborting an open session closes it with { kind: 'aborted' }",
      async () => {
        const { transport } = await subject();
        const controller = new AbortController();
        const session = await openSession(transport, { signal: controller.signal });
        cleanups.push(async () => {
          await session.close();
        });
        controller.abort("user left");
        expect(await session.closed).toEqual({ kind: "aborted", reason: "user left" });
        await expect(transport.send('{"type":"input_audio_buffer.clear"}')).rejects.toBeInstanceOf(
          EchoError,
        );
      },
      timeout,
    );
  });
}

/** Takes `n` events made by the suite, skipping anything the server said on its own. */
async function takeOurs(
  session: Session,
  n: number,
): Promise<(SessionEvent & { event_id?: string; text?: unknown })[]> {
  const got: (SessionEvent & { event_id?: string; text?: unknown })[] = [];
  while (got.length < n) {
    const ev = (await session.take()) as (SessionEvent & { event_id?: string }) | undefined;
    if (ev === undefined) throw new Error(`The session ended after ${got.length} of ${n} events.`);
    if (typeof ev.event_id === "string" && ev.event_id.startsWith(PREFIX)) got.push(ev);
  }
  return got;
}

/** Lets pending callbacks and socket events run. */
function letIoRun(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}
