import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main as capture } from "../../examples/capture.js";
import { main as channels } from "../../examples/channels.js";
import { main as quickstart } from "../../examples/quickstart.js";
import { main as session } from "../../examples/session.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const example = (name: string) =>
  readFileSync(new URL(`../../examples/${name}.ts`, import.meta.url), "utf8");

describe("README examples", () => {
  it("the README holds every example exactly as in examples/", () => {
    for (const name of ["channels", "session", "quickstart", "capture", "conformance"]) {
      expect(readme).toContain(`\`\`\`ts\n${example(name)}\`\`\``);
    }
  });

  it("channels: backpressure, a transducer, close, a sliding buffer", async () => {
    expect(await channels()).toEqual({ tens: [10, 30, 40], latest: [4, 5] });
  });

  it("session: every option", async () => {
    expect(await session()).toEqual({
      sent: [{ type: "response.create", event_id: "evt_1" }],
      first: "response.done",
      errors: 1,
      reason: { kind: "aborted", reason: "user left" },
      late: "SessionClosedError",
    });
  });

  it("quickstart: plays audio and truncates at what was heard on barge-in", async () => {
    const lines: string[] = [];
    const { truncate, reason } = await quickstart((line) => lines.push(line));
    expect(truncate).toEqual({
      type: "conversation.item.truncate",
      item_id: "item_1",
      content_index: 0,
      audio_end_ms: 420,
    });
    expect(reason).toEqual({ kind: "client", code: 1000, reason: "" });
    expect(lines).toContain('sent: {"type":"response.create"}');
    expect(lines).toContain("event: response.created");
    expect(lines).toContain("event: response.output_audio.done");
    expect(lines).toContain("event: input_audio_buffer.speech_started");
    expect(lines).toContain("sent: conversation.item.truncate audio_end_ms=420");
    expect(lines).toContain("closed: client");
  });

  it("capture: 20 ms appends and the flushed last 10 ms", async () => {
    expect(await capture()).toEqual({ appends: 3, lastChunkBytes: 480 });
  });
});
