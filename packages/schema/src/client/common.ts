import { voiceNames } from "@echo/core";
import * as z from "zod/mini";
import { decimal, functionName, integer, nonEmpty } from "./primitives.js";

/** PCM16 24 kHz; `rate` may only be 24000 (the server answers 16000 with `integer_below_min_value`). */
export const pcmAudioFormat = z.strictObject({
  type: z.literal("audio/pcm"),
  rate: z.optional(z.literal(24000)),
});

/** An audio format, discriminated on `type`. */
export const audioFormat = z.discriminatedUnion("type", [
  pcmAudioFormat,
  z.strictObject({ type: z.literal("audio/pcmu") }),
  z.strictObject({ type: z.literal("audio/pcma") }),
]);

/** The built-in voice names (core's `voiceNames`). */
export const voiceName = z.enum(voiceNames);

/** A built-in voice or a custom `{ id }`. */
export const voice = z.union([voiceName, z.strictObject({ id: nonEmpty })]);

/** `["audio"]` or `["text"]`: exactly one. */
export const outputModalities = z.union([
  z.tuple([z.literal("audio")]),
  z.tuple([z.literal("text")]),
]);

/** Noise reduction; `strength` (>= 0, default 1) sets how much is suppressed. */
export const noiseReduction = z.strictObject({
  type: z.enum(["near_field", "far_field"]),
  strength: z.optional(z.number().check(z.gte(0))),
});

/** Input transcription settings. */
export const audioTranscription = z.strictObject({
  model: z.optional(nonEmpty),
  language: z.optional(z.string()),
  languages: z.optional(z.array(z.string())),
  prompt: z.optional(z.string()),
  keywords: z.optional(z.array(z.string())),
  delay: z.optional(z.enum(["minimal", "low", "medium", "high", "xhigh"])),
});

/** Server VAD with every field and its range. */
export const serverVad = z.strictObject({
  type: z.literal("server_vad"),
  threshold: z.optional(decimal(0, 1)),
  prefix_padding_ms: z.optional(integer(0)),
  silence_duration_ms: z.optional(integer(0)),
  create_response: z.optional(z.boolean()),
  interrupt_response: z.optional(z.boolean()),
  idle_timeout_ms: z.optional(z.nullable(integer(5000, 30000))),
});

/** Semantic VAD. */
export const semanticVad = z.strictObject({
  type: z.literal("semantic_vad"),
  eagerness: z.optional(z.enum(["low", "medium", "high", "auto"])),
  create_response: z.optional(z.boolean()),
  interrupt_response: z.optional(z.boolean()),
});

/** Turn detection, discriminated on `type`. */
export const turnDetection = z.discriminatedUnion("type", [serverVad, semanticVad]);

/** A function tool. */
export const functionTool = z.strictObject({
  type: z.literal("function"),
  name: functionName,
  description: z.optional(z.string()),
  parameters: z.optional(z.record(z.string(), z.unknown())),
});

const mcpToolFilter = z.strictObject({
  read_only: z.optional(z.boolean()),
  tool_names: z.optional(z.array(z.string())),
});

/** An MCP server, connector or Secure MCP Tunnel: exactly one of `server_url`, `connector_id` and `tunnel_id`. */
export const mcpTool = z
  .strictObject({
    type: z.literal("mcp"),
    server_label: nonEmpty,
    server_url: z.optional(nonEmpty),
    connector_id: z.optional(
      z.enum([
        "connector_dropbox",
        "connector_gmail",
        "connector_googlecalendar",
        "connector_googledrive",
        "connector_microsoftteams",
        "connector_outlookcalendar",
        "connector_outlookemail",
        "connector_sharepoint",
      ]),
    ),
    authorization: z.optional(z.string()),
    headers: z.optional(z.nullable(z.record(z.string(), z.string()))),
    server_description: z.optional(z.string()),
    allowed_tools: z.optional(z.nullable(z.union([z.array(z.string()), mcpToolFilter]))),
    require_approval: z.optional(
      z.nullable(
        z.union([
          z.enum(["always", "never"]),
          z.strictObject({
            always: z.optional(mcpToolFilter),
            never: z.optional(mcpToolFilter),
          }),
        ]),
      ),
    ),
    allowed_callers: z.optional(z.nullable(z.array(z.enum(["direct", "programmatic"])))),
    defer_loading: z.optional(z.boolean()),
    tunnel_id: z.optional(z.string()),
  })
  .check(
    z.refine(
      (t) =>
        Number(t.server_url !== undefined) +
          Number(t.connector_id !== undefined) +
          Number(t.tunnel_id !== undefined) ===
        1,
      {
        path: ["server_url"],
        params: { code: "mcp_server_or_connector" },
        when: (payload) => payload.issues.length === 0,
      },
    ),
  );

/** A tool, discriminated on `type`. */
export const tool = z.discriminatedUnion("type", [functionTool, mcpTool]);

/** How the model chooses tools. */
export const toolChoice = z.union([
  z.enum(["auto", "none", "required"]),
  z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("function"), name: functionName }),
    z.strictObject({
      type: z.literal("mcp"),
      server_label: nonEmpty,
      name: z.optional(z.nullable(z.string())),
    }),
  ]),
]);

/** Reasoning settings. */
export const reasoning = z.strictObject({
  effort: z.optional(z.enum(["minimal", "low", "medium", "high", "xhigh"])),
});

/** 1–4096 or `"inf"`. */
export const maxOutputTokens = z.union([integer(1, 4096), z.literal("inf")]);

/** `"auto"` or a tracing configuration. */
export const tracing = z.union([
  z.literal("auto"),
  z.strictObject({
    workflow_name: z.optional(z.string()),
    group_id: z.optional(z.string()),
    metadata: z.optional(z.record(z.string(), z.unknown())),
  }),
]);

/** Context truncation. */
export const truncation = z.union([
  z.enum(["auto", "disabled"]),
  z.strictObject({
    type: z.literal("retention_ratio"),
    retention_ratio: decimal(0, 1),
    token_limits: z.optional(z.strictObject({ post_instructions: z.optional(integer(0)) })),
  }),
]);

/** Marks a content block as the end of a cached prompt prefix. */
export const promptCacheBreakpoint = z.strictObject({
  mode: z.literal("explicit"),
  ttl: z.optional(z.enum(["30m", "12h"])),
});

/** A value substituted for a stored prompt's variable: text, or a text, image or file input. */
export const promptVariable = z.union([
  z.string(),
  z.discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("input_text"),
      text: z.string(),
      prompt_cache_breakpoint: z.optional(promptCacheBreakpoint),
    }),
    z.strictObject({
      type: z.literal("input_image"),
      detail: z.enum(["auto", "low", "high", "original"]),
      file_id: z.optional(z.nullable(z.string())),
      image_url: z.optional(z.nullable(z.string())),
      prompt_cache_breakpoint: z.optional(promptCacheBreakpoint),
    }),
    z.strictObject({
      type: z.literal("input_file"),
      detail: z.optional(z.enum(["auto", "low", "high"])),
      file_data: z.optional(z.string()),
      file_id: z.optional(z.nullable(z.string())),
      file_url: z.optional(z.string()),
      filename: z.optional(z.string()),
      prompt_cache_breakpoint: z.optional(promptCacheBreakpoint),
    }),
  ]),
]);

/** A stored prompt. */
export const prompt = z.strictObject({
  id: nonEmpty,
  version: z.optional(z.nullable(z.string())),
  variables: z.optional(z.nullable(z.record(z.string(), promptVariable))),
});

/** Extra data in server events. */
export const include = z.array(z.literal("item.input_audio_transcription.logprobs"));

/** Up to 16 string pairs; keys ≤ 64 characters, values ≤ 512. */
export const metadata = z
  .record(z.string().check(z.maxLength(64)), z.string().check(z.maxLength(512)))
  .check(z.refine((m) => Object.keys(m).length <= 16, { params: { code: "metadata_too_many" } }));
