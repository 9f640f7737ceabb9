import {
  type MockServer,
  type MockSessionHandle,
  pcm16Silence,
  pcm16SpeechLike,
  pcm16Tone,
  startMockServer,
} from "@echo/mock-server";
import { connect } from "@echo/transport-ws";
import { afterEach, describe, expect, it } from "vitest";
import { awaitSessionCreated } from "../src/handshake.js";
import { demoBehavior, GREETING } from "../src/mock/demo-behavior.js";
import type { VoiceState } from "../src/voice/state.js";
import { startVoiceChat, type VoiceChat } from "../src/voice/voice-chat.js";
import { fakeAudio } from "./support/fake-audio.js";

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const voiceLine = pcm16Tone(300, 220);

/** A voice chat against a real mock server over a real WebSocket, with fake audio. */
async function start(options: { greet?: boolean } = {}) {
  mock = await startMockServer({ behavior: demoBehavior(() => voiceLine) });
  const handle = mock.nextSession();
  const session = await connect({ url: mock.url, apiKey: "sk-demo-test" });
  expect(await awaitSessionCreated(session)).toEqual({ ok: true });
  const audio = fakeAudio();
  const waiters: { test: (s: VoiceState) => boolean; resolve: (s: VoiceState) => void }[] = [];
  const chat: VoiceChat = startVoiceChat(session, audio, {
    ...options,
    meterIntervalMs: 10,
    hold: { firstRepeatMs: 30, releaseMs: 30 },
    show(state) {
      for (const w of waiters.slice()) {
        if (w.test(state)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(state);
        }
      }
    },
  });
  const until = (test: (s: VoiceState) => boolean) =>
    test(chat.state)
      ? Promise.resolve(chat.state)
      : new Promise<VoiceState>((resolve) => waiters.push({ test, resolve }));
  return { session, audio, chat, until, handle: await handle };
}

const types = (handle: MockSessionHandle) =>
  handle.received.map((e) => (e as { type: string }).type);

describe("startVoiceChat (mock server, fake audio)", () => {
  it("greets, then hears a spoken turn and plays it back, with both transcripts and the turn's latency", async () => {
    const { session, audio, chat, until, handle } = await start();
    // The greeting plays first, so a new user hears the loop work.
    const greeted = await until((s) => s.lines.some((l) => l.text === GREETING && l.done));
    expect(greeted.turns).toEqual([]);
    audio.speaker.advance(60_000);

    await audio.say(pcm16SpeechLike(1500));
    await audio.say(pcm16Silence(1000));
    const replied = await until(
      (s) => s.lines.filter((l) => l.role === "assistant" && l.done).length === 2,
    );

    const [, user, reply] = replied.lines;
    // The committed turn: the speech plus the VAD's prefix padding and part of the silence.
    expect(user).toMatchObject({
      role: "user",
      text: expect.stringMatching(/^\((1\.[5-9]|2\.[0-5]) s of speech\)$/),
      done: true,
    });
    expect(reply).toMatchObject({ role: "assistant", text: `You said: ${user?.text}`, done: true });
    expect(replied.turns).toHaveLength(1);
    expect(reply?.latencyMs).toBe(replied.turns[0]);
    expect(replied.turns[0]).toBeGreaterThanOrEqual(0);
    // The reply's audio is the spoken line then the user's own samples.
    const played = audio.speaker.writes.filter((w) => w.position.itemId === reply?.id);
    const samples = played.reduce((n, w) => n + w.samples.length, 0);
    expect(samples).toBeGreaterThan(voiceLine.length + 1500 * 24);

    const update = handle.received[0] as {
      type: string;
      session: { audio: { input: { turn_detection: { type: string } } } };
    };
    expect(update.type).toBe("session.update");
    expect(update.session.audio.input.turn_detection.type).toBe("server_vad");
    expect(types(handle)).toContain("input_audio_buffer.append");

    // Once everything was heard, Ctrl-C has nothing to interrupt: it leaves.
    audio.speaker.advance(60_000);
    await until((s) => !s.assistantSpeaking);
    chat.handle({ type: "ctrl-c" });
    expect(await chat.done).toEqual({ by: "user" });
    await session.close();
  });

  it("Ctrl-C interrupts a playing reply (truncated at what was heard), and a second Ctrl-C leaves", async () => {
    const { session, audio, chat, until, handle } = await start();
    await until((s) => s.lines.some((l) => l.text === GREETING && l.done));
    // 100 ms of the greeting heard, the rest still queued: it is playing.
    audio.speaker.advance(100);
    await until((s) => s.assistantSpeaking);
    chat.handle({ type: "ctrl-c" });
    const interrupted = await until((s) => s.lines.some((l) => l.interrupted === true));
    expect(interrupted.notice).toBe("interrupted (Ctrl-C again leaves)");
    await until((s) => !s.assistantSpeaking);
    await expect.poll(() => types(handle)).toContain("conversation.item.truncate");
    const truncate = handle.received.find(
      (e) => (e as { type: string }).type === "conversation.item.truncate",
    );
    expect(truncate).toMatchObject({ audio_end_ms: 100, content_index: 0 });

    chat.handle({ type: "ctrl-c" });
    expect(await chat.done).toEqual({ by: "user" });
    await session.close();
  });

  it("mute stops the microphone and drops a half-said turn; m again unmutes", async () => {
    const { session, audio, chat, until, handle } = await start({ greet: false });
    chat.handle({ type: "toggle-mute" });
    const muted = await until((s) => s.notice === "microphone muted (m unmutes)");
    expect(muted.mic).toEqual({ kind: "muted" });
    expect(audio.controls.muted).toBe(true);
    await expect.poll(() => types(handle)).toContain("input_audio_buffer.clear");
    await audio.say(pcm16SpeechLike(1000));
    chat.handle({ type: "run", command: { kind: "unmute" } });
    await until((s) => s.mic.kind === "open");
    expect(audio.controls.muted).toBe(false);
    expect(types(handle)).not.toContain("input_audio_buffer.append");
    chat.handle({ type: "run", command: { kind: "quit" } });
    expect(await chat.done).toEqual({ by: "user" });
    await session.close();
  });

  it("push-to-talk turns VAD off, sends audio only while space is held, and commits on release", async () => {
    const { session, audio, chat, until, handle } = await start({ greet: false });
    chat.handle({ type: "toggle-push-to-talk" });
    await until((s) => s.mic.kind === "push-to-talk");
    await expect
      .poll(() =>
        handle.received.find(
          (e) =>
            (e as { type: string }).type === "session.update" &&
            JSON.stringify(e).includes('"turn_detection":null'),
        ),
      )
      .toBeDefined();
    expect(audio.controls.pushToTalk).toBe(true);
    await audio.say(pcm16SpeechLike(500)); // not held: nothing sent
    expect(types(handle)).not.toContain("input_audio_buffer.append");

    chat.handle({ type: "talk" });
    await until((s) => s.mic.kind === "push-to-talk" && s.mic.held);
    expect(audio.controls.held).toBe(true);
    await audio.say(pcm16SpeechLike(600));
    // The key repeat stops: released, committed, answered.
    const replied = await until((s) => s.lines.some((l) => l.role === "assistant" && l.done));
    expect(types(handle)).toEqual(
      expect.arrayContaining(["input_audio_buffer.commit", "response.create"]),
    );
    expect(replied.lines[0]).toMatchObject({ role: "user", text: "(0.6 s of speech)" });
    expect(replied.turns).toHaveLength(1);

    chat.handle({ type: "toggle-push-to-talk" });
    await until((s) => s.mic.kind === "open");
    chat.handle({ type: "run", command: { kind: "quit" } });
    await chat.done;
    await session.close();
  });

  it("ends when the server ends the session, and says unknown commands", async () => {
    const { session, chat, until, handle } = await start({ greet: false });
    chat.handle({ type: "run", command: { kind: "unknown", text: "/dance" } });
    await until((s) => s.notice === "unknown command /dance: /help lists them");
    chat.handle({ type: "space-for-nothing" } as never);
    handle.close(1001, "Your session hit the maximum duration of 60 minutes.");
    expect(await chat.done).toMatchObject({ by: "session", reason: { kind: "expired" } });
    await session.close();
  });
});
