import { afterEach, beforeEach, expect, vi } from "vitest";

// Logging goes through the `log` option; a test that writes to the console is a defect.
const methods = ["log", "info", "warn", "error", "debug"] as const;

beforeEach(() => {
  for (const m of methods) vi.spyOn(console, m);
});

afterEach(() => {
  for (const m of methods) {
    const spy = vi.mocked(console[m]);
    const calls = spy.mock.calls;
    spy.mockRestore();
    expect(calls, `console.${m} was called during the test`).toEqual([]);
  }
});
