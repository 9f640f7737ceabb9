import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  clientEventTypes,
  eventTypeOf,
  isClientEventType,
  isKnownServerEvent,
  isServerEventType,
  type SessionEvent,
  serverEventTypes,
  voiceNames,
} from "../../src/events/index.js";

describe("event type lists", () => {
  it("lists every GA client event type once", () => {
    expect(clientEventTypes).toHaveLength(11);
    expect(new Set(clientEventTypes).size).toBe(11);
    expect(clientEventTypes).toContain("output_audio_buffer.clear");
  });

  it("lists every GA server event type of the protocol reference", () => {
    expect(serverEventTypes).toHaveLength(46);
    expect(serverEventTypes).toContain("conversation.item.created");
    expect(serverEventTypes).toContain("conversation.item.input_audio_transcription.segment");
    expect(serverEventTypes).not.toContain("response.audio.delta");
  });

  it("recognises types without walking the prototype chain", () => {
    expect(isClientEventType("response.create")).toBe(true);
    expect(isClientEventType("toString")).toBe(false);
    expect(isClientEventType(42)).toBe(false);
    expect(isServerEventType("rate_limits.updated")).toBe(true);
    expect(isServerEventType("response.text.delta")).toBe(false);
  });

  it("tells known server events from unknown and local ones", () => {
    const events = [
      { type: "input_audio_buffer.cleared", event_id: "event_1" },
      { type: "response.brand_new", event_id: "event_2", extra: 1 },
      { type: "transport.reconnected", attempt: 1, stateRestored: false },
    ] as unknown as SessionEvent[];
    expect(events.map((e) => isKnownServerEvent(e))).toEqual([true, false, false]);
    expect(events.map((e) => eventTypeOf(e))).toEqual([
      "input_audio_buffer.cleared",
      "response.brand_new",
      "transport.reconnected",
    ]);
  });
});

describe("voiceNames", () => {
  it("lists the protocol doc's built-in voices, in its order, and cannot be changed", async () => {
    const doc = await readFile(
      new URL("../../../../docs/realtime-protocol.md", import.meta.url),
      "utf8",
    );
    const row = doc.split("\n").find((line) => line.startsWith("| `audio.output.voice` |")) ?? "";
    const listed = (/\| `([a-z, ]+)`, or/.exec(row)?.[1] ?? "").split(", ");
    expect(voiceNames).toEqual(listed);
    expect(Object.isFrozen(voiceNames)).toBe(true);
  });
});
