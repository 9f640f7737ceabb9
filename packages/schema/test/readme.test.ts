import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main } from "../examples/validate-before-send.js";
import { messageCases, messageFor } from "./message-cases.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const example = readFileSync(
  new URL("../examples/validate-before-send.ts", import.meta.url),
  "utf8",
);

describe("README", () => {
  it("contains the example file verbatim", () => {
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
  });

  it("the example sends the valid event and rejects the beta-era one with a fix", async () => {
    const { sent, rejected } = await main();
    expect(sent).toEqual(["session.update"]);
    expect(rejected).toContain('Invalid "session.update" event');
    expect(rejected).toContain('session.modalities is beta-era; use "output_modalities"');
    expect(rejected).toContain("session.temperature");
  });

  it.each(Object.keys(messageCases))("shows the current message for %s", (name) => {
    const event = messageCases[name as keyof typeof messageCases];
    expect(readme).toContain(`\`\`\`\n${messageFor(event)}\n\`\`\``);
  });
});
