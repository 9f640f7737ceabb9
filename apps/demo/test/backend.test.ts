import { describe, expect, it } from "vitest";
import { describeBackend, openBackend } from "../src/backend.js";

describe("openBackend", () => {
  it("uses OpenAI when OPENAI_API_KEY is set, and never shows the key", async () => {
    const backend = await openBackend({ OPENAI_API_KEY: "sk-demo-SECRET" });
    expect(backend.kind).toBe("openai");
    expect(describeBackend(backend)).not.toContain("SECRET");
    await backend.close();
  });

  it("starts a local mock server otherwise", async () => {
    const backend = await openBackend({});
    expect(backend.kind).toBe("mock");
    if (backend.kind === "mock")
      expect(backend.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);
    await backend.close();
  });
});
