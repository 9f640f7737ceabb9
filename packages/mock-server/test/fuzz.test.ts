import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_EVENT_TYPES } from "../src/validate.js";
import { type ChildServer, startChildServer } from "./child-server.js";
import { connect, type Ev, type TestClient } from "./client.js";
import { rawHttp } from "./raw-http.js";

// Random and malformed frames, upgrade requests and HTTP bodies thrown at a mock server in a
// child process. Bounded and seeded: the seed is in the test names; rerun one with
// FUZZ_SEED=<seed> pnpm test (FUZZ_RUNS=<n> for a longer hunt).
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const KEY = "sk-test-fuzz-key";

let server: ChildServer;
const bystanders: TestClient[] = [];

beforeAll(async () => {
  server = await startChildServer();
  for (let i = 0; i < 2; i++) {
    const c = connect(server, { key: KEY });
    await c.next("session.created");
    bystanders.push(c);
  }
});

afterAll(async () => {
  for (const c of bystanders) c.ws.close();
  await server?.stop();
});

/** The process is up, wrote nothing to stderr, and the bystanders' sessions work and saw no error. */
async function everyoneElseFine(): Promise<void> {
  expect(server.alive(), server.stderr()).toBe(true);
  expect(server.stderr()).toBe("");
  for (const [i, c] of bystanders.entries()) {
    c.send({ type: "session.update", session: { type: "realtime", instructions: `still ${i}` } });
    const updated = await c.next("session.updated");
    expect(updated.session).toMatchObject({ instructions: `still ${i}` });
    expect(c.events.filter((e) => e.type === "error")).toEqual([]);
  }
}

// ---- client frames ------------------------------------------------------------------------

const pcm = Buffer.alloc(960, 1).toString("base64");
const templates: Record<string, unknown>[] = [
  { type: "session.update", session: { type: "realtime", instructions: "x" } },
  {
    type: "session.update",
    session: { type: "realtime", tools: [{ type: "function", name: "f", parameters: {} }] },
  },
  { type: "input_audio_buffer.append", audio: pcm },
  { type: "input_audio_buffer.commit" },
  { type: "input_audio_buffer.clear" },
  {
    type: "conversation.item.create",
    item: { type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] },
  },
  { type: "conversation.item.retrieve", item_id: "item_nope" },
  { type: "conversation.item.delete", item_id: "item_nope" },
  { type: "conversation.item.truncate", item_id: "item_nope", content_index: 0, audio_end_ms: 5 },
  { type: "response.create", response: { output_modalities: ["text"] } },
  { type: "response.cancel" },
];

function nested(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** `depth` levels of alternating objects and arrays, as JSON text. */
function nestedJson(depth: number): string {
  let open = "";
  let close = "";
  for (let i = 0; i < depth; i++) {
    open += i % 2 ? "[" : '{"a":';
    close = (i % 2 ? "]" : "}") + close;
  }
  return `${open}1${close}`;
}

/** Every object inside a value (itself included), so a mutation can land at any depth. */
function containers(value: unknown): Record<string, unknown>[] {
  if (typeof value !== "object" || value === null) return [];
  const inner = Object.values(value).flatMap(containers);
  return Array.isArray(value) ? inner : [value as Record<string, unknown>, ...inner];
}

type Frame =
  | { kind: "text"; text: string; mustError: boolean }
  | { kind: "binary"; bytes: Uint8Array; mustError: boolean };

const json = fc.jsonValue({ maxDepth: 4 });
const frame: fc.Arbitrary<Frame> = fc.oneof(
  // Not JSON at all, or cut off.
  fc
    .string({ maxLength: 300, unit: "binary" })
    .filter((t) => {
      try {
        JSON.parse(t);
        return false;
      } catch {
        return true;
      }
    })
    .map((text) => ({ kind: "text" as const, text, mustError: true })),
  fc.tuple(fc.constantFrom(...templates), fc.nat()).map(([t, cut]) => {
    const s = JSON.stringify(t);
    return { kind: "text" as const, text: s.slice(0, cut % s.length), mustError: true };
  }),
  // JSON that is not an event object.
  json
    .filter((v) => typeof v !== "object" || v === null || Array.isArray(v))
    .map((v) => ({ kind: "text" as const, text: JSON.stringify(v), mustError: true })),
  // Unknown or retired types, with anything in them.
  fc
    .tuple(
      fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.constantFrom(
          "session.close",
          "output_audio_buffer.clear",
          "transcription_session.update",
        ),
      ),
      fc.dictionary(fc.string({ maxLength: 10 }), json, { maxKeys: 4 }),
    )
    .filter(([type]) => !CLIENT_EVENT_TYPES.includes(type))
    .map(([type, rest]) => ({
      kind: "text" as const,
      text: JSON.stringify({ ...rest, type }),
      mustError: true,
    })),
  // Known events with a field anywhere in them replaced, added or nested absurdly deep.
  fc
    .tuple(
      fc.constantFrom(...templates),
      fc.nat(),
      fc.string({ maxLength: 12 }),
      fc.oneof(json, fc.integer({ min: 100, max: 1000 }).map(nested)),
    )
    .map(([t, pick, key, value]) => {
      const event: Record<string, unknown> = structuredClone(t);
      const targets = containers(event);
      const target = targets[pick % targets.length] ?? event;
      if (target !== event || key !== "type") target[key] = value;
      return { kind: "text" as const, text: JSON.stringify(event), mustError: false };
    }),
  // Deep values where the protocol takes free-form JSON (schemas, metadata).
  fc
    .tuple(
      fc.constantFrom<((v: unknown) => unknown)[]>(
        (v) => ({
          type: "session.update",
          session: { type: "realtime", tools: [{ type: "function", name: "f", parameters: v }] },
        }),
        (v) => ({
          type: "session.update",
          session: { type: "realtime", tracing: { workflow_name: "w", metadata: v } },
        }),
        (v) => ({ type: "response.create", response: { metadata: v } }),
      ),
      fc.integer({ min: 50, max: 5000 }),
    )
    .map(([make, depth]) => ({
      kind: "text" as const,
      // Built as text: JSON.stringify itself overflows on values this deep.
      text: JSON.stringify(make("__deep__")).replace('"__deep__"', nestedJson(depth)),
      mustError: false,
    })),
  // Valid events, so the session has state to trip over.
  fc
    .constantFrom(...templates)
    .map((t) => ({ kind: "text" as const, text: JSON.stringify(t), mustError: false })),
  fc
    .uint8Array({ maxLength: 64 })
    .map((bytes) => ({ kind: "binary" as const, bytes, mustError: true })),
);

describe("fuzz: client frames", () => {
  it(`random and malformed frames get clear errors, never a server_error or a drop (seed ${SEED})`, async () => {
    const c = connect(server, { key: KEY });
    await c.next("session.created");
    let n = 0;
    await fc.assert(
      fc.asyncProperty(frame, async (f) => {
        const sentinel = `sentinel_${n++}`;
        const from = c.events.length;
        if (f.kind === "binary") c.ws.send(f.bytes, { binary: true });
        else c.ws.send(f.text);
        // The mock answers frames in order: the sentinel's error closes this frame's answers.
        c.send({ type: "conversation.item.retrieve", item_id: sentinel, event_id: sentinel });
        let answers: Ev[];
        for (;;) {
          await c.next("error");
          const i = c.events.findIndex((e, k) => k >= from && eventIdOf(e) === sentinel);
          if (i >= 0) {
            answers = c.events.slice(from, i);
            break;
          }
        }
        const errors = answers.filter((e) => e.type === "error");
        for (const e of errors) {
          const error = e.error as Record<string, unknown>;
          expect(error.type).toBe("invalid_request_error");
          expect(typeof error.message).toBe("string");
          expect(String(error.message).length).toBeGreaterThan(10);
        }
        if (f.mustError) expect(errors.length).toBeGreaterThan(0);
        expect(c.ws.readyState).toBe(c.ws.OPEN);
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
    c.ws.close();
    await everyoneElseFine();
  }, 60_000);
});

function eventIdOf(e: Ev): unknown {
  return (e.error as { event_id?: unknown } | undefined)?.event_id;
}

// ---- upgrade requests -----------------------------------------------------------------------

const token = fc.string({ maxLength: 40, unit: "binary-ascii" });
const upgrade = fc.record({
  method: fc.constantFrom("GET", "GET", "POST", "PUT", "BREW"),
  target: fc.oneof(
    fc.constantFrom(
      "/v1/realtime?model=gpt-realtime",
      "/v1/realtime?intent=transcription",
      "/v1/realtime?call_id=sess_nope",
      "/v1/realtime?model=gpt-realtime&intent=transcription",
      "/v1/realtime?model=%",
      "http://[",
      "//",
      "*",
      "/",
    ),
    token,
  ),
  authorization: fc.option(
    fc.oneof(fc.constant(`Bearer ${KEY}`), fc.constant("Bearer ek_nope"), token),
  ),
  protocol: fc.option(
    fc.oneof(
      fc.constant("realtime"),
      fc.constant(`realtime, openai-insecure-api-key.${KEY}`),
      fc.constant("realtime, openai-beta.realtime-v1"),
      token,
    ),
  ),
  version: fc.option(fc.oneof(fc.constant("13"), token)),
  key: fc.option(fc.oneof(fc.constant("dGhlIHNhbXBsZSBub25jZQ=="), token)),
  upgradeHeader: fc.oneof(fc.constant("websocket"), token),
  beta: fc.boolean(),
});

describe("fuzz: upgrade requests", () => {
  it(`random upgrade requests get a status line below 500, the server stays up (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(upgrade, async (u) => {
        const headers = [
          "Host: 127.0.0.1",
          `Upgrade: ${u.upgradeHeader}`,
          "Connection: Upgrade",
          ...(u.authorization !== null ? [`Authorization: ${u.authorization}`] : []),
          ...(u.protocol !== null ? [`Sec-WebSocket-Protocol: ${u.protocol}`] : []),
          ...(u.version !== null ? [`Sec-WebSocket-Version: ${u.version}`] : []),
          ...(u.key !== null ? [`Sec-WebSocket-Key: ${u.key}`] : []),
          ...(u.beta ? ["OpenAI-Beta: realtime=v1"] : []),
        ];
        const request = `${u.method} ${u.target} HTTP/1.1\r\n${headers.join("\r\n")}\r\n\r\n`;
        const { text } = await rawHttp(server.port, [Buffer.from(request, "latin1")], 300);
        const status = /^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1];
        expect(
          status,
          `no status line for ${JSON.stringify(request)}: ${text.slice(0, 200)}`,
        ).toBeDefined();
        expect(Number(status)).toBeLessThan(500);
        expect(server.alive(), server.stderr()).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    await everyoneElseFine();
  }, 60_000);
});

// ---- HTTP bodies ------------------------------------------------------------------------------

const body = fc.oneof(
  json.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200, unit: "binary" }),
  fc.integer({ min: 100, max: 50_000 }).map((n) => `{"session":${nestedJson(n)}}`),
  fc
    .tuple(
      fc.constantFrom("realtime", "transcription", "bogus"),
      fc.dictionary(fc.string({ maxLength: 12 }), json, { maxKeys: 3 }),
    )
    .map(([type, extra]) => JSON.stringify({ session: { type, ...extra } })),
  fc
    .dictionary(fc.string({ maxLength: 12 }), json, { maxKeys: 3 })
    .map((o) => JSON.stringify({ expires_after: o })),
);

describe("fuzz: HTTP bodies", () => {
  it(`random client_secrets bodies get 200 or a 4xx JSON error, never a 500 (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom("application/json", "text/plain", "x/\u00e9"),
        async (b, type) => {
          const r = await fetch(`${server.httpUrl}/v1/realtime/client_secrets`, {
            method: "POST",
            headers: { Authorization: `Bearer ${KEY}`, "content-type": type },
            body: b,
          });
          const answer = (await r.json()) as { error?: { message?: string; type?: string } };
          if (r.status === 200) return;
          expect([400, 413]).toContain(r.status);
          expect(answer.error?.type).toBe("invalid_request_error");
          expect(String(answer.error?.message).length).toBeGreaterThan(10);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    await everyoneElseFine();
  }, 60_000);
});
