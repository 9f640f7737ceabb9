import { startMockServer } from "@echo/mock-server";
import { demoBehavior } from "./mock/demo-behavior.js";

/** Where the demo talks to: OpenAI, a server given with `--url`, or a mock server started in this process. */
export type Backend =
  | { kind: "openai"; apiKey: string; close(): Promise<void> }
  | { kind: "url"; url: string; apiKey: string; close(): Promise<void> }
  | { kind: "mock"; url: string; apiKey: string; close(): Promise<void> };

/** A key any mock server accepts (it only checks the `sk-` shape). */
const LOCAL_KEY = "sk-echo-demo-local";

/**
 * `--url` when given (with `OPENAI_API_KEY`, or a local key for a mock), else OpenAI when
 * `OPENAI_API_KEY` is set, else a local mock server whose behaviour says back what it heard.
 */
export async function openBackend(env: NodeJS.ProcessEnv, url?: string): Promise<Backend> {
  const apiKey = env.OPENAI_API_KEY;
  if (url !== undefined)
    return { kind: "url", url, apiKey: apiKey || LOCAL_KEY, close: async () => {} };
  if (apiKey) return { kind: "openai", apiKey, close: async () => {} };
  const mock = await startMockServer({ behavior: demoBehavior() });
  return { kind: "mock", url: mock.url, apiKey: LOCAL_KEY, close: () => mock.close() };
}

/** One line saying where the demo is connected (never the key). */
export function describeBackend(backend: Backend): string {
  switch (backend.kind) {
    case "openai":
      return "talking to OpenAI (OPENAI_API_KEY is set)";
    case "url":
      return `talking to ${backend.url}`;
    case "mock":
      return `talking to the local mock server at ${backend.url} (set OPENAI_API_KEY to use OpenAI)`;
  }
}

/** A short name of the backend for the screen's header. */
export function backendLabel(backend: Backend, model: string): string {
  switch (backend.kind) {
    case "openai":
      return `OpenAI ${model}`;
    case "url":
      return `${new URL(backend.url).host} ${model}`;
    case "mock":
      return "local mock server";
  }
}
