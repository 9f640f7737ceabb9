import WebSocket from "ws";
import type { MockServer } from "../src/index.js";

/** A parsed server event as the tests read it. */
export interface Ev {
  type: string;
  event_id: string;
  [key: string]: unknown;
}

/** A raw `ws` test client that queues every server event and waits for types. */
export interface TestClient {
  ws: WebSocket;
  events: Ev[];
  /** Resolves with the next event (of a type, when given), consuming events before it. */
  next(type?: string): Promise<Ev>;
  /** Collects events up to and including one of the given type. */
  until(type: string): Promise<Ev[]>;
  send(event: object): void;
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
}

/** Connect options. */
export interface ConnectOptions {
  query?: string;
  key?: string | null;
  headers?: Record<string, string>;
  protocols?: string[];
  ca?: string;
}

export function connect(server: Pick<MockServer, "url">, opts: ConnectOptions = {}): TestClient {
  const key = opts.key === undefined ? "sk-test-key" : opts.key;
  const headers: Record<string, string> = { ...opts.headers };
  if (key !== null && !opts.protocols) headers.Authorization = `Bearer ${key}`;
  const ws = new WebSocket(
    `${server.url}?${opts.query ?? "model=gpt-realtime"}`,
    opts.protocols ?? [],
    {
      headers,
      ...(opts.ca ? { ca: opts.ca } : {}),
    },
  );
  const events: Ev[] = [];
  let cursor = 0;
  let wake: (() => void) | null = null;
  ws.on("message", (data) => {
    events.push(JSON.parse(data.toString()) as Ev);
    wake?.();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on("close", (code, reason) => {
      resolve({ code, reason: reason.toString() });
      wake?.();
    });
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  async function next(type?: string): Promise<Ev> {
    for (;;) {
      while (cursor < events.length) {
        const ev = events[cursor++] as Ev;
        if (!type || ev.type === type) return ev;
      }
      if (ws.readyState === WebSocket.CLOSED)
        throw new Error(`socket closed while waiting for ${type ?? "an event"}`);
      await new Promise<void>((r) => {
        wake = r;
      });
      wake = null;
    }
  }
  async function until(type: string): Promise<Ev[]> {
    const out: Ev[] = [];
    for (;;) {
      const ev = await next();
      out.push(ev);
      if (ev.type === type) return out;
    }
  }
  return { ws, events, next, until, send: (e) => ws.send(JSON.stringify(e)), closed, opened };
}
