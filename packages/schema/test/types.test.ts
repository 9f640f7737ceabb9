import type { ClientEvent, ClientEventOf, ClientEventType, ServerEventType } from "@echo/core";
import type { RealtimeClientEvent, RealtimeServerEvent } from "openai7/resources/realtime/realtime";
import { describe, expectTypeOf, it } from "vitest";
import type * as z from "zod/mini";
import type { clientEventSchemas } from "../src/index.js";

type Schemas = typeof clientEventSchemas;
type Inferred<T extends ClientEventType> = z.infer<Schemas[T]>;

type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** For each client event type: does the schema's type equal core's type (both ways)? */
type DriftFromCore = {
  [T in ClientEventType]: Mutual<Inferred<T>, ClientEventOf<T>>;
};

type OpenAiOf<T extends ClientEventType> = Extract<RealtimeClientEvent, { type: T }>;

/**
 * Our deliberate differences from openai@7.59.0 (the newest SDK; types only, through the
 * `openai7` alias), undone so the rest can be compared:
 * 1. `response.input` accepts `{ type: "item_reference", id }` (the spec example uses it; the
 *    openai item union lacks it).
 * 2. `audio.input.transcription` and `.noise_reduction` accept `null` (turns them off; the
 *    protocol reference documents `null`, openai types them as non-nullable).
 */
type UndoDeliberate<T> = T extends readonly (infer E)[]
  ? UndoDeliberate<Exclude<E, { type: "item_reference" }>>[]
  : T extends object
    ? {
        [K in keyof T]: K extends "transcription" | "noise_reduction"
          ? UndoDeliberate<Exclude<T[K], null>>
          : UndoDeliberate<T[K]>;
      }
    : T;

type AssignableToOpenAi = {
  [T in ClientEventType]: [UndoDeliberate<Inferred<T>>] extends [OpenAiOf<T>] ? true : false;
};

type AllTrue<R> = { [K in keyof R]: true };

describe("compile-time agreement", () => {
  it("each schema's inferred type equals @echo/core's ClientEvent member (both ways)", () => {
    expectTypeOf<DriftFromCore>().toEqualTypeOf<AllTrue<DriftFromCore>>();
    expectTypeOf<z.infer<typeof import("../src/index.js").clientEvent>>().toEqualTypeOf<
      z.infer<typeof import("../src/index.js").clientEvent>
    >();
    expectTypeOf<
      Mutual<z.infer<typeof import("../src/index.js").clientEvent>, ClientEvent>
    >().toEqualTypeOf<true>();
  });

  it("what the schemas accept is assignable to openai's realtime client events", () => {
    expectTypeOf<AssignableToOpenAi>().toEqualTypeOf<AllTrue<AssignableToOpenAi>>();
    expectTypeOf<ClientEventType>().toEqualTypeOf<RealtimeClientEvent["type"]>();
    // Core knows exactly the server event types openai does.
    expectTypeOf<ServerEventType>().toEqualTypeOf<RealtimeServerEvent["type"]>();
  });

  it("the deliberate differences are real (without undoing them, assignability fails)", () => {
    type Raw<T extends ClientEventType> = [Inferred<T>] extends [OpenAiOf<T>] ? true : false;
    expectTypeOf<Raw<"session.update">>().toEqualTypeOf<false>();
    expectTypeOf<Raw<"response.create">>().toEqualTypeOf<false>();
    expectTypeOf<Raw<"input_audio_buffer.append">>().toEqualTypeOf<true>();
    expectTypeOf<Raw<"conversation.item.create">>().toEqualTypeOf<true>();
  });
});
