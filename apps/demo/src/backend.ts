import { startMockServer } from "@echo/mock-server";

/** Where the demo talks to: OpenAI, or a mock server started in this process. */
export type Backend =
  | { kind: "openai"; apiKey: string; close(): Promise<void> }
  | { kind: "mock"; url: string; apiKey: string; close(): Promise<void> };

/** OpenAI when `OPENAI_API_KEY` is set, otherwise a local mock server (no network needed). */
export async function openBackend(env: NodeJS.ProcessEnv): Promise<Backend> {
  const apiKey = env.OPENAI_API_KEY;
  if (apiKey) return { kind: "openai", apiKey, close: async () => {} };
  const mock = await startMockServer();
  return { kind: "mock", url: mock.url, apiKey: "sk-echo-demo-local", close: () => mock.close() };
}

/** One line saying where the demo is connected. */
export function describeBackend(backend: Backend): string {
  return backend.kind === "openai"
    ? "talking to OpenAI (OPENAI_API_KEY is set)"
    : `talking to the local mock server at ${backend.url} (set OPENAI_API_KEY to use OpenAI)`;
}
