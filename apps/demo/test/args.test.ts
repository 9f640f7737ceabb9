import { describe, expect, it } from "vitest";
import { HELP, parseDemoArgs } from "../src/args.js";

describe("parseDemoArgs", () => {
  it("defaults to voice with echo cancelling", () => {
    expect(parseDemoArgs([])).toEqual({ kind: "run", options: { text: false, aec: true } });
  });

  it("reads every flag", () => {
    const parsed = parseDemoArgs([
      "--text",
      "--url",
      "ws://127.0.0.1:8787/v1/realtime",
      "--model",
      "gpt-realtime-mini",
      "--voice",
      "marin",
      "--input",
      "3",
      "--output",
      "pulse",
      "--no-aec",
    ]);
    expect(parsed).toEqual({
      kind: "run",
      options: {
        text: true,
        aec: false,
        url: "ws://127.0.0.1:8787/v1/realtime",
        model: "gpt-realtime-mini",
        voice: "marin",
        input: "3",
        output: "pulse",
      },
    });
  });

  it("takes a custom voice id as a custom voice", () => {
    const parsed = parseDemoArgs(["--voice", "voice_1234"]);
    expect(parsed.kind === "run" && parsed.options.voice).toEqual({ id: "voice_1234" });
  });

  it("asks for help with --help and -h", () => {
    expect(parseDemoArgs(["--help"])).toEqual({ kind: "help" });
    expect(parseDemoArgs(["-h"])).toEqual({ kind: "help" });
    for (const flag of [
      "--text",
      "--url",
      "--model",
      "--voice",
      "--input",
      "--output",
      "--no-aec",
    ]) {
      expect(HELP).toContain(flag);
    }
  });

  it("explains mistakes and how to fix them", () => {
    const unknown = parseDemoArgs(["--txt"]);
    expect(unknown).toMatchObject({ kind: "error" });
    expect(unknown.kind === "error" && unknown.message).toMatch(/--txt.*See --help/);
    expect(parseDemoArgs(["--voice", "bob"])).toMatchObject({
      kind: "error",
      message: expect.stringMatching(/"bob" is not a voice; use one of alloy/),
    });
    expect(parseDemoArgs(["--url", "http://x"])).toMatchObject({
      kind: "error",
      message: expect.stringMatching(/ws:\/\/ or wss:\/\//),
    });
    expect(parseDemoArgs(["--model", " "])).toMatchObject({
      kind: "error",
      message: "--model needs a value. See --help.",
    });
    expect(parseDemoArgs(["--url"])).toMatchObject({ kind: "error" });
  });
});
