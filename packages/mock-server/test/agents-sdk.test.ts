import { RealtimeAgent, type RealtimeItem, RealtimeSession, tool } from "@openai/agents-realtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type MockServer,
  parrot,
  pcm16Silence,
  pcm16Tone,
  scripted,
  startMockServer,
} from "../src/index.js";
import { concat } from "./setup.js";

// openai-agents-js's RealtimeSession (0.20.0) over its WebSocket transport, unchanged, against the mock.
let server: MockServer;
const echo = parrot();

beforeAll(async () => {
  server = await startMockServer({
    // Deltas 40 ms apart (200 ms of audio each): a reply streams long enough to interrupt it.
    deltaIntervalMs: 40,
    behavior: scripted((turn) => {
      const last = turn.input.at(-1);
      if (last?.type === "message" && last.text.includes("weather")) {
        return { type: "function_call", name: "get_weather", arguments: '{"city":"Paris"}' };
      }
      return echo.reply(turn) as never;
    }),
  });
});
afterAll(async () => {
  await server.close();
});

const getWeather = tool({
  name: "get_weather",
  description: "The weather in a city.",
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `sunny in ${city}`,
});

async function openSession(): Promise<{ session: RealtimeSession; errors: unknown[] }> {
  const agent = new RealtimeAgent({ name: "echo", instructions: "Repeat.", tools: [getWeather] });
  const session = new RealtimeSession(agent, {
    transport: "websocket",
    model: "gpt-realtime",
    config: {
      audio: {
        input: {
          turnDetection: { type: "server_vad", silenceDurationMs: 300, interruptResponse: true },
        },
      },
    },
  });
  const errors: unknown[] = [];
  session.on("error", (e) => errors.push(e));
  await session.connect({ apiKey: "sk-test-agents-sdk", url: `${server.url}?model=gpt-realtime` });
  return { session, errors };
}

/** Resolves with the history once it satisfies a condition. */
function historyWhere(
  session: RealtimeSession,
  ok: (h: RealtimeItem[]) => boolean,
  what: string,
): Promise<RealtimeItem[]> {
  if (ok(session.history)) return Promise.resolve(session.history);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`history never had ${what}: ${JSON.stringify(session.history)}`)),
      3000,
    );
    session.on("history_updated", (h) => {
      if (!ok(h)) return;
      clearTimeout(timer);
      resolve(h);
    });
  });
}

type Msg = Extract<RealtimeItem, { type: "message" }>;
const messages = (h: RealtimeItem[]) => h.filter((i): i is Msg => i.type === "message");
function textOf(item: Msg): string {
  return item.content
    .map((c) => ("text" in c ? c.text : "transcript" in c ? (c.transcript ?? "") : ""))
    .join("");
}
const assistantSaid = (h: RealtimeItem[], text: string) =>
  messages(h).some((m) => m.role === "assistant" && m.status === "completed" && textOf(m) === text);

describe("@openai/agents-realtime RealtimeSession against the mock (WebSocket)", () => {
  it("text: a message is answered, the history has both sides", async () => {
    const { session, errors } = await openSession();
    session.sendMessage("hello from the agents sdk");
    const h = await historyWhere(
      session,
      (x) => assistantSaid(x, "hello from the agents sdk"),
      "the reply",
    );
    expect(messages(h).map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(errors).toEqual([]);
    session.close();
  });

  it("audio: a spoken turn is detected, transcribed into the history, and answered", async () => {
    const { session, errors } = await openSession();
    const pcm = concat(pcm16Silence(200), pcm16Tone(600, 300, 0.3), pcm16Silence(600));
    const audioChunks: number[] = [];
    session.on("audio", (e) => audioChunks.push(e.data.byteLength));
    for (let i = 0; i < pcm.length; i += 480) {
      const chunk = pcm.slice(i, i + 480);
      session.sendAudio(chunk.buffer);
    }
    // The user's words come back through conversation.item.retrieve: they must not vanish.
    const spoken = /^\(\d\.\d\d s of audio\)$/;
    const userSaid = (x: RealtimeItem[]) =>
      messages(x).find((m) => m.role === "user" && spoken.test(textOf(m)));
    const h = await historyWhere(
      session,
      (x) => {
        const user = userSaid(x);
        return user !== undefined && assistantSaid(x, textOf(user));
      },
      "the transcribed user turn and the reply",
    );
    expect(userSaid(h)?.content[0]).toMatchObject({ type: "input_audio" });
    expect(audioChunks.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    session.close();
  });

  it("tool call: the SDK runs the tool and the model's answer uses its output", async () => {
    const { session, errors } = await openSession();
    const ran: string[] = [];
    session.on("agent_tool_end", (_ctx, _agent, _tool, result) => ran.push(String(result)));
    session.sendMessage("what is the weather?");
    const h = await historyWhere(
      session,
      (x) => assistantSaid(x, "The tool returned: sunny in Paris"),
      "the answer after the tool",
    );
    expect(ran).toEqual(["sunny in Paris"]);
    expect(h.some((i) => i.type === "function_call" && i.name === "get_weather")).toBe(true);
    expect(errors).toEqual([]);
    session.close();
  });

  it("interrupt: the history ends with what was heard, as the mock stores it", async () => {
    const { session, errors } = await openSession();
    const said =
      "this is a long reply that will be interrupted well before the end of its made up speech";
    let firstAudio: () => void = () => {};
    const audioStarted = new Promise<void>((r) => {
      firstAudio = r;
    });
    session.on("audio", () => firstAudio());
    session.sendMessage(said);
    await audioStarted;
    await new Promise((r) => setTimeout(r, 300));
    session.interrupt();
    const mock = [...server.sessions].at(-1);
    const h = await historyWhere(
      session,
      (x) =>
        messages(x).some(
          (m) => m.role === "assistant" && m.status !== "in_progress" && textOf(m).length > 0,
        ),
      "the interrupted reply",
    );
    // Let any late events (item.done of the cancelled response) land.
    await new Promise((r) => setTimeout(r, 300));
    const assistant = messages(session.history).find((m) => m.role === "assistant");
    const heard = textOf(assistant as Msg);
    expect(heard.length).toBeGreaterThan(0);
    expect(heard.length).toBeLessThan(said.length);
    expect(said.startsWith(heard)).toBe(true);
    const stored = mock?.items().find((i) => i.id === assistant?.itemId);
    const storedParts = (stored?.content ?? []) as { transcript: string }[];
    expect(storedParts[0]?.transcript).toBe(heard);
    expect(h.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    session.close();
  });
});
