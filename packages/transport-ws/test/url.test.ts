import { describe, expect, it } from "vitest";
import { InvalidTransportOptionsError } from "../src/index.js";
import { realtimeUrl } from "../src/url.js";

describe("realtimeUrl", () => {
  it("defaults to OpenAI with model=gpt-realtime", () => {
    expect(realtimeUrl({})).toBe("wss://api.openai.com/v1/realtime?model=gpt-realtime");
  });
  it("puts exactly one of model, intent or call_id", () => {
    expect(realtimeUrl({ url: "ws://h/v1/realtime", model: "gpt-realtime-2" })).toBe(
      "ws://h/v1/realtime?model=gpt-realtime-2",
    );
    expect(realtimeUrl({ url: "ws://h/v1/realtime", intent: "transcription" })).toBe(
      "ws://h/v1/realtime?intent=transcription",
    );
    expect(realtimeUrl({ url: "ws://h/v1/realtime", callId: "rtc_1" })).toBe(
      "ws://h/v1/realtime?call_id=rtc_1",
    );
    expect(realtimeUrl({ url: "ws://h/v1/realtime", model: null })).toBe("ws://h/v1/realtime");
    expect(() => realtimeUrl({ model: "m", intent: "transcription" })).toThrow(
      InvalidTransportOptionsError,
    );
  });
  it("keeps a model already in the URL and maps http(s) to ws(s)", () => {
    expect(realtimeUrl({ url: "https://h/v1/realtime?model=x" })).toBe(
      "wss://h/v1/realtime?model=x",
    );
    expect(realtimeUrl({ url: "http://h/v1/realtime" })).toBe(
      "ws://h/v1/realtime?model=gpt-realtime",
    );
  });
  it("rejects invalid URLs and other schemes with how to fix it", () => {
    expect(() => realtimeUrl({ url: "not a url" })).toThrow(/wss:\/\/api.openai.com/);
    expect(() => realtimeUrl({ url: "ftp://h/" })).toThrow(/ws:\/\/ or wss:\/\//);
  });
});
