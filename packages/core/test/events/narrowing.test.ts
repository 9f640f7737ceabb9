import { describe, expectTypeOf, it } from "vitest";
import type {
  ClientEvent,
  ClientEventOf,
  ClientEventType,
  ConversationItem,
  LocalEvent,
  RealtimeSessionConfig,
  ServerEvent,
  ServerEventOf,
  ServerEventType,
  SessionEvent,
  TranscriptionSessionConfig,
  UnknownEventType,
  UnknownServerEvent,
} from "../../src/events/index.js";

/** Returns a different value per event so every branch is exercised by the type checker. */
function describeEvent(ev: SessionEvent): string {
  switch (ev.type) {
    case "error":
      expectTypeOf(ev.error.message).toEqualTypeOf<string>();
      return ev.error.code ?? "error";
    case "session.created":
    case "session.updated":
      expectTypeOf(ev.session.type).toEqualTypeOf<"realtime" | "transcription">();
      return ev.session.id;
    case "conversation.item.added":
    case "conversation.item.done":
    case "conversation.item.created":
      expectTypeOf(ev.item).toEqualTypeOf<ConversationItem>();
      return ev.item.type;
    case "response.output_audio.delta":
      expectTypeOf(ev.delta).toEqualTypeOf<string>();
      return ev.delta;
    case "response.done":
      return ev.response.status;
    case "conversation.item.input_audio_transcription.completed":
      return ev.usage.type === "tokens" ? String(ev.usage.total_tokens) : String(ev.usage.seconds);
    case "conversation.item.input_audio_transcription.segment":
      return ev.speaker;
    case "rate_limits.updated":
      return ev.rate_limits.map((r) => r.name).join();
    case "output_audio_buffer.cleared":
      return ev.response_id;
    case "response.mcp_call_arguments.delta":
      return ev.delta;
    case "transport.reconnecting":
      expectTypeOf(ev.reason.kind).toBeString();
      return String(ev.delay_ms);
    case "transport.reconnected":
      expectTypeOf(ev.stateRestored).toEqualTypeOf<false>();
      return String(ev.attempt);
    default:
      // Everything not matched above, including unknown events, lands here with its own type.
      expectTypeOf(ev).toExtend<ServerEvent | UnknownServerEvent>();
      return "other";
  }
}

describe("event type narrowing", () => {
  it("narrows every known server and local event in a switch on type", () => {
    expectTypeOf(describeEvent).parameter(0).toEqualTypeOf<SessionEvent>();
  });

  it("keeps unknown events out of the known cases", () => {
    function onlyUnknown(ev: SessionEvent): UnknownServerEvent | undefined {
      if (ev.type === "response.done") {
        expectTypeOf(ev).toEqualTypeOf<ServerEventOf<"response.done">>();
        return undefined;
      }
      return undefined;
    }
    expectTypeOf(onlyUnknown).returns.toEqualTypeOf<UnknownServerEvent | undefined>();
    expectTypeOf<UnknownServerEvent["type"]>().toEqualTypeOf<UnknownEventType>();
    // Still a string (string methods work), but no known literal matches it.
    expectTypeOf<UnknownEventType>().toExtend<string>();
    expectTypeOf<"response.done">().not.toExtend<UnknownEventType>();
    function typeLength(ev: SessionEvent): number {
      return ev.type.length;
    }
    expectTypeOf(typeLength).returns.toBeNumber();
  });

  it("narrows every client event in a switch on type", () => {
    function size(ev: ClientEvent): number {
      switch (ev.type) {
        case "session.update":
          return ev.session.type === "realtime"
            ? (ev.session.instructions?.length ?? 0)
            : (ev.session.include?.length ?? 0);
        case "input_audio_buffer.append":
          return ev.audio.length;
        case "input_audio_buffer.commit":
        case "input_audio_buffer.clear":
        case "output_audio_buffer.clear":
          return 0;
        case "conversation.item.create":
          return ev.item.type.length;
        case "conversation.item.retrieve":
        case "conversation.item.delete":
          return ev.item_id.length;
        case "conversation.item.truncate":
          return ev.audio_end_ms;
        case "response.create":
          return ev.response?.input?.length ?? 0;
        case "response.cancel":
          return ev.response_id?.length ?? 0;
        default: {
          const exhaustive: never = ev;
          return exhaustive;
        }
      }
    }
    expectTypeOf(size).returns.toBeNumber();
  });

  it("exhaustive switches over ServerEvent compile with a never default", () => {
    function kind(ev: ServerEvent): ServerEventType {
      switch (ev.type) {
        default:
          return ev.type;
      }
    }
    expectTypeOf(kind).returns.toEqualTypeOf<ServerEventType>();
  });

  it("rejects unknown or misspelt types and beta fields", () => {
    // @ts-expect-error beta event name is not a GA client event
    const beta: ClientEvent = { type: "transcription_session.update", session: {} };
    // @ts-expect-error session.type is required
    const untyped: ClientEvent = { type: "session.update", session: { instructions: "hi" } };
    const noTemperature: RealtimeSessionConfig = {
      type: "realtime",
      // @ts-expect-error temperature is beta-only
      temperature: 0.8,
    };
    // @ts-expect-error a string is not an unknown server event type
    const fakeUnknown: UnknownServerEvent = { type: "whatever" };
    expectTypeOf([beta, untyped, noTemperature, fakeUnknown]).toBeArray();
  });

  it("type helpers pick the member by type", () => {
    expectTypeOf<ClientEventOf<"conversation.item.truncate">>().toHaveProperty("audio_end_ms");
    expectTypeOf<ServerEventOf<"error">["error"]["param"]>().toEqualTypeOf<
      string | null | undefined
    >();
    expectTypeOf<ClientEventType>().toEqualTypeOf<
      | "session.update"
      | "input_audio_buffer.append"
      | "input_audio_buffer.commit"
      | "input_audio_buffer.clear"
      | "conversation.item.create"
      | "conversation.item.retrieve"
      | "conversation.item.truncate"
      | "conversation.item.delete"
      | "response.create"
      | "response.cancel"
      | "output_audio_buffer.clear"
    >();
    expectTypeOf<LocalEvent["type"]>().toEqualTypeOf<
      "transport.reconnecting" | "transport.reconnected"
    >();
    expectTypeOf<TranscriptionSessionConfig["type"]>().toEqualTypeOf<"transcription">();
  });
});
