import { describe, expect, it } from "vitest";
import { EchoFaultError } from "../../src/errors.js";
import { REDACTED, redact, redactString } from "../../src/shared/index.js";

describe("redact", () => {
  it("redacts API keys and client secrets in text, keeping the prefix", () => {
    expect(redactString("key sk-proj-AbC_123-xyz.q done")).toBe(`key sk-${REDACTED} done`);
    expect(redactString("Bearer ek_68af1234abcd")).toBe(`Bearer ek_${REDACTED}`);
    expect(redactString("wss://x/v1?k=sk-abc&ek_1")).toBe(
      `wss://x/v1?k=sk-${REDACTED}&ek_${REDACTED}`,
    );
    expect(redactString("task-list and peek_mode stay")).toBe("task-list and peek_mode stay");
    expect(redactString("nothing here")).toBe("nothing here");
  });

  it("redacts nested fields, arrays, errors and credential fields, without mutating", () => {
    const err = new EchoFaultError("auth", "bad key sk-live-123456", {
      cause: new Error("ek_abcdef"),
    });
    const entry = {
      level: "error",
      msg: "connect failed for sk-999999",
      headers: { Authorization: "Bearer whatever", "x-other": "ok" },
      apiKey: "not-even-prefixed",
      list: ["ek_1234", { deep: ["sk-deep"] }],
      n: 1,
      nothing: null,
      bytes: new Uint8Array([1]),
      error: err,
    };
    const out = redact(entry) as Record<string, unknown>;
    const text = JSON.stringify(out);
    for (const secret of [
      "123456",
      "abcdef",
      "999999",
      "whatever",
      "not-even-prefixed",
      "sk-deep",
      "ek_1234",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(out.headers).toEqual({ Authorization: REDACTED, "x-other": "ok" });
    expect(out.n).toBe(1);
    expect(out.nothing).toBeNull();
    expect(out.bytes).toBe(entry.bytes);
    expect((out.error as { name: string }).name).toBe("EchoFaultError");
    expect((out.error as { code: string }).code).toBe("auth");
    expect(entry.msg).toBe("connect failed for sk-999999");
  });

  it("cuts cycles", () => {
    const a: Record<string, unknown> = { k: "sk-x1" };
    a.self = a;
    expect(redact(a)).toEqual({ k: `sk-${REDACTED}`, self: "[circular]" });
  });

  it("catches keys after URL-encoded separators (Bearer%20sk-..., ?key=%22ek_...)", () => {
    expect(redactString("Authorization: Bearer%20sk-proj-abc123")).toBe(
      `Authorization: Bearer%20sk-${REDACTED}`,
    );
    expect(redactString("q=%22ek_abc123%22")).toBe(`q=%22ek_${REDACTED}%22`);
    expect(redactString("a+sk-abc123")).toBe(`a+sk-${REDACTED}`);
    // JSON-escaped text: the key follows an escape that ends in a letter.
    expect(redactString(JSON.stringify("line\nsk-abc123"))).toBe(`"line\\nsk-${REDACTED}"`);
    expect(redactString(JSON.stringify("\u0001ek_abc123"))).toBe(`"\\u0001ek_${REDACTED}"`);
    // Not after an ordinary letter or digit.
    expect(redactString("task-list 4sk-x")).toBe("task-list 4sk-x");
  });

  it("marks only true cycles: a value seen twice side by side is copied twice", () => {
    const shared = { note: "sk-shared1", n: 1 };
    const out = redact({ a: shared, b: shared, list: [shared, shared] }) as Record<string, unknown>;
    const copy = { note: `sk-${REDACTED}`, n: 1 };
    expect(out).toEqual({ a: copy, b: copy, list: [copy, copy] });
  });

  it("keeps an enumerable error.cause (and the same cause shared by two errors)", () => {
    const root = new Error("socket hang up sk-root99");
    const outer = new Error("connect failed");
    Object.defineProperty(outer, "cause", { value: root, enumerable: true });
    const other = new Error("second", { cause: root });
    const out = redact({ outer, other }) as {
      outer: { cause: { message: string } };
      other: { cause: { message: string } };
    };
    expect(out.outer.cause.message).toBe(`socket hang up sk-${REDACTED}`);
    expect(out.other.cause.message).toBe(`socket hang up sk-${REDACTED}`);
    const looped = new Error("loop");
    looped.cause = looped;
    expect((redact(looped) as { cause: unknown }).cause).toBe("[circular]");
  });
});
