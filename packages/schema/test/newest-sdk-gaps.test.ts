import { describe, expect, it } from "vitest";
import { safeValidate } from "../src/index.js";

const rt = (session: Record<string, unknown>) => ({
  type: "session.update",
  session: { type: "realtime", ...session },
});
const firstIssue = (event: unknown) => {
  const r = safeValidate(event);
  if (r.success) throw new Error("expected a validation error");
  return r.error.issues[0];
};
const ok = (event: unknown) => {
  const r = safeValidate(event);
  expect(r.success ? [] : r.error.issues).toEqual([]);
};

// What openai@7.59.0 types as valid and strict validation used to reject.
describe("gaps against openai@7.59.0", () => {
  it("audio.input.noise_reduction.strength", () => {
    ok(rt({ audio: { input: { noise_reduction: { type: "near_field", strength: 0.5 } } } }));
    ok({
      type: "session.update",
      session: {
        type: "transcription",
        audio: { input: { noise_reduction: { type: "far_field", strength: 2 } } },
      },
    });
    expect(
      firstIssue(
        rt({ audio: { input: { noise_reduction: { type: "near_field", strength: -1 } } } }),
      ),
    ).toMatchObject({
      code: "decimal_below_min_value",
      param: "session.audio.input.noise_reduction.strength",
    });
  });

  it("an MCP tool with only tunnel_id; still exactly one of server_url, connector_id, tunnel_id", () => {
    ok(rt({ tools: [{ type: "mcp", server_label: "private", tunnel_id: "tun_1" }] }));
    for (const tool of [
      { type: "mcp", server_label: "x" },
      { type: "mcp", server_label: "x", tunnel_id: "tun_1", server_url: "https://a" },
      { type: "mcp", server_label: "x", tunnel_id: "tun_1", connector_id: "connector_gmail" },
    ]) {
      expect(firstIssue(rt({ tools: [tool] }))).toMatchObject({
        code: "missing_required_parameter",
        param: "session.tools[0]",
        message: expect.stringContaining('"tunnel_id"'),
      });
    }
  });

  it("prompt variables of type input_image and input_file, and prompt_cache_breakpoint", () => {
    const breakpoint = { mode: "explicit", ttl: "30m" };
    ok(
      rt({
        prompt: {
          id: "pmpt_1",
          variables: {
            name: "Ada",
            text: { type: "input_text", text: "hi", prompt_cache_breakpoint: breakpoint },
            photo: {
              type: "input_image",
              detail: "original",
              image_url: "https://example.com/a.png",
              prompt_cache_breakpoint: { mode: "explicit" },
            },
            doc: {
              type: "input_file",
              file_id: "file_1",
              filename: "a.pdf",
              prompt_cache_breakpoint: breakpoint,
            },
          },
        },
      }),
    );
    ok({
      type: "response.create",
      response: {
        prompt: {
          id: "pmpt_1",
          variables: { f: { type: "input_file", file_url: "https://x/a.pdf" } },
        },
      },
    });
    expect(
      firstIssue(
        rt({
          prompt: {
            id: "p",
            variables: {
              a: { type: "input_text", text: "x", prompt_cache_breakpoint: { mode: "implicit" } },
            },
          },
        }),
      ),
    ).toMatchObject({
      code: "invalid_value",
      param: "session.prompt.variables.a.prompt_cache_breakpoint.mode",
    });
    expect(
      firstIssue(rt({ prompt: { id: "p", variables: { a: { type: "input_video" } } } })),
    ).toMatchObject({
      code: "invalid_value",
      param: "session.prompt.variables.a.type",
    });
  });

  it("a missing discriminator is missing_required_parameter, not invalid_value '(got a undefined)'", () => {
    for (const [event, param] of [
      [rt({ truncation: { retention_ratio: 0.5 } }), "session.truncation.type"],
      [
        rt({ prompt: { id: "p", variables: { a: { text: "x" } } } }),
        "session.prompt.variables.a.type",
      ],
    ] as const) {
      const issue = firstIssue(event);
      expect(issue).toMatchObject({ code: "missing_required_parameter", param });
      expect(issue?.message).not.toContain("undefined");
    }
  });
});
