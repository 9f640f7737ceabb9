import { describe, expect, it } from "vitest";
import { scripted } from "../src/index.js";
import { b64, serverPerTest, userText } from "./setup.js";

const servers = serverPerTest();
const { open } = servers;

// The documented caps (conversation.ts, recent-events.ts), as literals so this file also runs
// against a mock that does not have them.
const MAX_KEPT_AUDIO_BYTES = 192 * 1024;
const MAX_RECENT_CHARS = 256 * 1024;

describe("a long streaming session stays small", () => {
  it("a 10-minute streaming session keeps at most 192 KiB of audio and 256 KiB of client events", async () => {
    const c = await open({}, { audio: { input: { turn_detection: { type: "server_vad" } } } });
    // 10 minutes as 2.5 s turns (2 s of tone, 0.5 s of silence) in 500 ms appends.
    const tone = new Int16Array(12_000);
    for (let i = 0; i < tone.length; i++) tone[i] = Math.round(Math.sin(i / 12) * 9000);
    const speech = b64(tone);
    const silence = b64(new Int16Array(12_000));
    for (let turn = 0; turn < 240; turn++) {
      for (let k = 0; k < 4; k++) c.send({ type: "input_audio_buffer.append", audio: speech });
      c.send({ type: "input_audio_buffer.append", audio: silence });
      if (turn % 20 === 19) {
        c.send({ type: "input_audio_buffer.clear" });
        await c.next("input_audio_buffer.cleared");
      }
    }
    c.send({ type: "input_audio_buffer.clear" });
    await c.next("input_audio_buffer.cleared");
    // Let the last reply finish: while one streams, its audio is on top of the budget.
    const count = (type: string) => c.events.filter((e) => e.type === type).length;
    while (count("response.done") < count("response.created")) await c.next("response.done");
    const handle = [...(servers.current?.sessions ?? [])][0];
    const items = handle?.items() ?? [];
    expect(items.length).toBeGreaterThan(100);
    const sizes = items.map((item) =>
      ((item.content ?? []) as { audio?: string }[]).reduce(
        (n, part) => n + (part.audio ? Buffer.from(part.audio, "base64").length : 0),
        0,
      ),
    );
    const withAudio = sizes.filter((n) => n > 0);
    const newestTwo = withAudio.slice(-2).reduce((a, b) => a + b, 0);
    const total = withAudio.reduce((a, b) => a + b, 0);
    // The two newest audio items are kept whole (here about 2.7 s each); all else fits the budget.
    expect(newestTwo).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(Math.max(MAX_KEPT_AUDIO_BYTES, newestTwo));
    expect(withAudio.length).toBeLessThanOrEqual(3);
    expect(JSON.stringify(handle?.received).length).toBeLessThanOrEqual(MAX_RECENT_CHARS + 2000);
    c.ws.close();
  });

  it("an old item whose audio was dropped says so when truncated", async () => {
    const long = new Int16Array(24_000 * 4);
    const c = await open({
      behavior: scripted([{ type: "message", text: "four seconds", audio: long }], {
        whenExhausted: "repeat",
      }),
    });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      c.send({ type: "conversation.item.create", item: userText(`turn ${i}`) });
      c.send({ type: "response.create" });
      const done = await c.next("response.done");
      ids.push((done.response as { output: { id: string }[] }).output[0]?.id ?? "");
    }
    // Three 4 s replies (192 KB each): the oldest lost its audio.
    c.send({
      type: "conversation.item.truncate",
      item_id: ids[0],
      content_index: 0,
      audio_end_ms: 10,
    });
    const err = await c.next("error");
    expect(String((err.error as { message: string }).message)).toMatch(/no longer kept/);
    c.send({
      type: "conversation.item.truncate",
      item_id: ids[2],
      content_index: 0,
      audio_end_ms: 10,
    });
    await c.next("conversation.item.truncated");
    c.ws.close();
  });

  it("a client that stops reading holds the reply back instead of queueing it all in memory", async () => {
    // 120 s of audio in 200 ms deltas: 600 deltas, 7.7 MB of base64, unpaced.
    const minutes = new Int16Array(24_000 * 120).fill(1000);
    const c = await open({
      behavior: scripted([{ type: "message", text: "long", audio: minutes }]),
    });
    c.send({ type: "conversation.item.create", item: userText("go") });
    await c.next("conversation.item.done");
    c.ws.pause();
    c.send({ type: "response.create" });
    await new Promise((r) => setTimeout(r, 500));
    const sentWhilePaused = servers.current?.metrics.framesSent ?? 0;
    expect(sentWhilePaused).toBeLessThan(600);
    c.ws.resume();
    const all = await c.until("response.done");
    expect(all.filter((e) => e.type === "response.output_audio.delta")).toHaveLength(600);
    c.ws.close();
  });
});
