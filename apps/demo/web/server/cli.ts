import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startMockServer } from "@echo/mock-server";
import type { SecretBackend } from "./backend.js";
import { startWebDemo } from "./server.js";

// `pnpm demo:web`: the page and a server minting its client secrets, offline against the mock
// unless OPENAI_API_KEY is set. PORT (default 5180) and HOST (default 127.0.0.1) move it.
const pageDir = fileURLToPath(new URL("../page", import.meta.url));
if (!existsSync(pageDir)) {
  console.error("The page is not built: run `pnpm demo:web` from the repository root.");
  process.exit(1);
}
const apiKey = process.env.OPENAI_API_KEY;
const backend: SecretBackend =
  apiKey !== undefined && apiKey !== ""
    ? { kind: "openai", apiKey }
    : { kind: "mock", mock: await startMockServer() };
const server = await startWebDemo({
  backend,
  pageDir,
  port: Number(process.env.PORT ?? 5180),
  host: process.env.HOST ?? "127.0.0.1",
});
console.log(
  `echo web demo: open ${server.url} (${backend.kind === "mock" ? "offline, against the mock server" : "OpenAI"}); Ctrl-C stops it.`,
);
const stop = async () => {
  await server.close();
  if (backend.kind === "mock") await backend.mock.close();
  process.exit(0);
};
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
