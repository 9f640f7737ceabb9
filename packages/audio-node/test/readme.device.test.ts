import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main } from "../examples/voice-turn.js";
import { deviceAvailable } from "./device-helpers.js";

const available = await deviceAvailable();

describe("README", () => {
  it("shows examples/voice-turn.ts verbatim", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const example = readFileSync(new URL("../examples/voice-turn.ts", import.meta.url), "utf8");
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
  });

  it.skipIf(!available)("the example plays a spoken reply on the real device", async () => {
    expect(await main()).toEqual({
      transcript: "Hello from your speaker.",
      mode: "duplex",
      underruns: 0,
    });
  });
});
