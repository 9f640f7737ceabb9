import type { ClientEventType, ServerEvent, ServerSession } from "@echo/core";
import type { RealtimeClientEvent, RealtimeServerEvent } from "openai7/resources/realtime/realtime";
import { describe, expectTypeOf, it } from "vitest";
import type * as z from "zod/mini";
import type { clientEventSchemas } from "../src/index.js";

// The reverse of types.test.ts: is what the NEWEST openai SDK (7.59.0, types only, through the
// `openai7` alias) types as a valid client event accepted by our strict schemas? Where we are
// deliberately stricter than the SDK, `Narrow` applies our rule to the SDK's type first; every
// such rule is listed here, and anything else the SDK allows must pass `validate`'s types.
//
// Deliberate narrowings (the server rejects, or cannot tell apart, what the SDK lets through):
//  1. `output_modalities` is exactly one of ["audio"] / ["text"] (the server rejects both at once).
//  2. Every `type` discriminator is required (the SDK makes some optional: tools, content parts,
//     VAD, formats); a missing one is reported as `missing_required_parameter`.
//  3. `voice` is a built-in voice name or `{ id }` (the SDK also allows any string).
//  4. A function tool needs its `name`; `parameters` and tracing `metadata` are JSON objects
//     (the SDK types them `unknown`).
//  5. `response.conversation` is "auto" or "none" (the SDK also allows any string).
//  6. Message content parts are discriminated by `type`, each with its own required fields
//     (`input_text` needs `text`, `input_audio` base64 `audio`, `input_image` a PNG/JPEG data URI);
//     the SDK types one bag of optional fields per role.
//  7. Clients cannot create the server's own items (`mcp_list_tools`, `mcp_call`,
//     `mcp_approval_request`) with `conversation.item.create` or `response.input`.
// Value rules that types cannot show (ranges, base64, MCP server/connector/tunnel exclusivity)
// are tested in invalid.test.ts.

type Schemas = typeof clientEventSchemas;
type Ours<T extends ClientEventType> = z.input<Schemas[T]>;
type SdkOf<T extends ClientEventType> = Extract<RealtimeClientEvent, { type: T }>;

type OurItem = Ours<"conversation.item.create">["item"];
type OurRealtimeSession = Extract<Ours<"session.update">["session"], { type: "realtime" }>;
type OurVoice = NonNullable<
  NonNullable<NonNullable<OurRealtimeSession["audio"]>["output"]>["voice"]
>;
type ServerMadeItem = { type: "mcp_list_tools" | "mcp_call" | "mcp_approval_request" };

type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** Rule 2. */
type RequireType<T> = T extends { type?: infer D }
  ? Simplify<Omit<T, "type"> & { type: Exclude<D, undefined> }>
  : T;
/** Rule 4 (name). */
type RequireName<T> = T extends { type: "function"; name?: string }
  ? Simplify<Omit<T, "name"> & { name: string }>
  : T;
/** Rules 1, 3, 4 and 5, by field name. */
type Field<K, V> = K extends "output_modalities"
  ? ["audio"] | ["text"] | Extract<V, undefined>
  : K extends "voice"
    ? OurVoice | Extract<V, undefined>
    : K extends "parameters" | "metadata"
      ? unknown extends V
        ? Record<string, unknown> | undefined
        : Narrow<V>
      : K extends "conversation"
        ? "auto" | "none" | Extract<V, undefined>
        : Narrow<V>;
/** The SDK's type with our deliberate narrowings applied (rule 6: content; rule 7: items). */
type Narrow<T> = T extends string | number | boolean | null | undefined
  ? T
  : T extends ServerMadeItem
    ? never
    : T extends readonly (infer E)[]
      ? Narrow<E>[]
      : T extends { type?: "message"; role: infer R; content: unknown }
        ? Simplify<{
            [K in keyof T]: K extends "content"
              ? Extract<OurItem, { role: R }>["content"]
              : Narrow<T[K]>;
          }>
        : T extends object
          ? RequireName<RequireType<{ [K in keyof T]: Field<K, T[K]> }>>
          : T;

type SdkAccepted = {
  [T in ClientEventType]: [Narrow<SdkOf<T>>] extends [Ours<T>] ? true : false;
};
type AllTrue<R> = { [K in keyof R]: true };

describe("the newest SDK's client events are accepted by our strict types", () => {
  it("openai@7.59.0: every client event, with only the listed narrowings", () => {
    expectTypeOf<SdkAccepted>().toEqualTypeOf<AllTrue<SdkAccepted>>();
    expectTypeOf<ClientEventType>().toEqualTypeOf<RealtimeClientEvent["type"]>();
  });

  it("the gaps found in 7.59.0 are accepted without any narrowing", () => {
    type Session = Extract<SdkOf<"session.update">["session"], { type: "realtime" }>;
    type Input = NonNullable<NonNullable<Session["audio"]>["input"]>;
    type Strength = NonNullable<Input["noise_reduction"]>["strength"];
    expectTypeOf<Strength>().toEqualTypeOf<number | undefined>();
    type OurInput = NonNullable<NonNullable<OurRealtimeSession["audio"]>["input"]>;
    expectTypeOf<Strength>().toExtend<NonNullable<OurInput["noise_reduction"]>["strength"]>();
    type Variable = NonNullable<NonNullable<Session["prompt"]>["variables"]>[string];
    type OurVariable = NonNullable<NonNullable<OurRealtimeSession["prompt"]>["variables"]>[string];
    expectTypeOf<Variable>().toExtend<OurVariable>();
  });

  it("the narrowings are real: without them the SDK's types are not accepted", () => {
    type Raw<T extends ClientEventType> = [SdkOf<T>] extends [Ours<T>] ? true : false;
    expectTypeOf<Raw<"session.update">>().toEqualTypeOf<false>();
    expectTypeOf<Raw<"response.create">>().toEqualTypeOf<false>();
    expectTypeOf<Raw<"conversation.item.create">>().toEqualTypeOf<false>();
    expectTypeOf<Raw<"input_audio_buffer.append">>().toEqualTypeOf<true>();
    expectTypeOf<Raw<"conversation.item.truncate">>().toEqualTypeOf<true>();
  });
});

describe("core's server-side types carry what openai@7.59.0's server events have", () => {
  it("noise_reduction.strength, transcription languages, status_details.error.message", () => {
    type SdkSession = Extract<RealtimeServerEvent, { type: "session.created" }>["session"];
    type SdkRealtime = Extract<SdkSession, { type?: "realtime" }>;
    type SdkInput = NonNullable<NonNullable<SdkRealtime["audio"]>["input"]>;
    type CoreSession = Extract<ServerSession, { type: "realtime" }>;
    type CoreInput = NonNullable<NonNullable<CoreSession["audio"]>["input"]>;
    expectTypeOf<NonNullable<SdkInput["noise_reduction"]>["strength"]>().toExtend<
      NonNullable<CoreInput["noise_reduction"]>["strength"]
    >();
    expectTypeOf<NonNullable<CoreInput["noise_reduction"]>["strength"]>().toEqualTypeOf<
      number | undefined
    >();
    type SdkLanguages = NonNullable<SdkInput["transcription"]>["languages"];
    expectTypeOf<SdkLanguages>().toExtend<NonNullable<CoreInput["transcription"]>["languages"]>();
    type SdkDone = Extract<RealtimeServerEvent, { type: "response.done" }>["response"];
    type SdkError = NonNullable<NonNullable<SdkDone["status_details"]>["error"]>;
    type CoreDone = Extract<ServerEvent, { type: "response.done" }>["response"];
    type CoreError = NonNullable<NonNullable<CoreDone["status_details"]>["error"]>;
    expectTypeOf<SdkError["message"]>().toExtend<CoreError["message"]>();
    expectTypeOf<CoreError["message"]>().toEqualTypeOf<string | undefined>();
  });
});
