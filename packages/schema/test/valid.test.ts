import type { ClientEventType } from "@echo/core";
import { describe, expect, it } from "vitest";
import {
  clientEventSchemas,
  isClientEvent,
  MAX_AUDIO_BASE64_LENGTH,
  safeValidate,
  validate,
} from "../src/index.js";
import { validEvents } from "./fixtures.js";

describe("valid client events", () => {
  const events = validEvents();

  it("covers every GA client event type", () => {
    const seen = new Set(events.map((e) => e.type));
    expect([...seen].sort()).toEqual(Object.keys(clientEventSchemas).sort());
  });

  it.each(events.map((e, i) => [`${i} ${e.type}`, e] as const))("%s validates", (_, event) => {
    expect(validate(event)).toBe(event);
    expect(isClientEvent(event)).toBe(true);
    expect(safeValidate(event)).toEqual({ success: true, data: event });
  });

  it("returns the same object, typed, so it can sit in a transducer", () => {
    const ev: unknown = { type: "input_audio_buffer.commit" };
    const typed = validate(ev);
    const t: ClientEventType = typed.type;
    expect(t).toBe("input_audio_buffer.commit");
    expect(typed).toBe(ev);
  });

  it("accepts audio of exactly 15 MiB of base64 and rejects one more block", () => {
    const max = "A".repeat(MAX_AUDIO_BASE64_LENGTH);
    expect(isClientEvent({ type: "input_audio_buffer.append", audio: max })).toBe(true);
    const over = safeValidate({ type: "input_audio_buffer.append", audio: `${max}!!!!` });
    // Only the size is reported: the base64 scan is skipped for oversized audio.
    expect(over.success ? [] : over.error.issues.map((i) => i.code)).toEqual([
      "string_above_max_length",
    ]);
  });
});
