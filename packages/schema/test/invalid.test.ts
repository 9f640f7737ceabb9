import { describe, expect, it } from "vitest";
import { MAX_AUDIO_BASE64_LENGTH, safeValidate, ValidationError, validate } from "../src/index.js";
import { pcmChunkBase64 } from "./fixtures.js";

type Case = [name: string, event: unknown, code: string, param: string];

const audio = pcmChunkBase64(48);
const rt = (session: Record<string, unknown>) => ({
  type: "session.update",
  session: { type: "realtime", ...session },
});
const input = (fields: Record<string, unknown>) => rt({ audio: { input: fields } });
const output = (fields: Record<string, unknown>) => rt({ audio: { output: fields } });
const vad = (fields: Record<string, unknown>) =>
  input({ turn_detection: { type: "server_vad", ...fields } });
const item = (fields: Record<string, unknown>) => ({
  type: "conversation.item.create",
  item: fields,
});
const user = (part: Record<string, unknown>) =>
  item({ type: "message", role: "user", content: [part] });
const response = (fields: Record<string, unknown>) => ({
  type: "response.create",
  response: fields,
});

/** One case per rule: the first issue's code and param are what the server would answer. */
const cases: Case[] = [
  // event envelope
  ["not an object", "{}", "invalid_type", ""],
  ["an array", [], "invalid_type", ""],
  ["no type", {}, "missing_required_parameter", "type"],
  ["type not a string", { type: 1 }, "invalid_type", "type"],
  ["unknown type", { type: "session.bogus" }, "invalid_value", "type"],
  [
    "beta transcription_session.update",
    { type: "transcription_session.update", session: {} },
    "invalid_value",
    "type",
  ],
  ["server event sent as client", { type: "response.done" }, "invalid_value", "type"],
  [
    "unknown top-level field",
    { type: "input_audio_buffer.commit", foo: 1 },
    "unknown_parameter",
    "foo",
  ],
  [
    "event_id too long",
    { type: "input_audio_buffer.clear", event_id: "x".repeat(513) },
    "string_above_max_length",
    "event_id",
  ],
  ["event_id not a string", { type: "response.cancel", event_id: 5 }, "invalid_type", "event_id"],
  // session
  ["session missing", { type: "session.update" }, "missing_required_parameter", "session"],
  [
    "session without type",
    { type: "session.update", session: { instructions: "hi" } },
    "missing_required_parameter",
    "session.type",
  ],
  [
    "session with an unknown type",
    { type: "session.update", session: { type: "translation" } },
    "invalid_value",
    "session.type",
  ],
  ["unknown session field", rt({ bogus_field: 1 }), "unknown_parameter", "session.bogus_field"],
  ["beta modalities", rt({ modalities: ["text"] }), "unknown_parameter", "session.modalities"],
  [
    "beta input_audio_format",
    rt({ input_audio_format: "pcm16" }),
    "unknown_parameter",
    "session.input_audio_format",
  ],
  [
    "beta output_audio_format",
    rt({ output_audio_format: "pcm16" }),
    "unknown_parameter",
    "session.output_audio_format",
  ],
  ["beta temperature", rt({ temperature: 0.8 }), "unknown_parameter", "session.temperature"],
  ["beta voice at top level", rt({ voice: "alloy" }), "unknown_parameter", "session.voice"],
  [
    "beta turn_detection at top level",
    rt({ turn_detection: null }),
    "unknown_parameter",
    "session.turn_detection",
  ],
  [
    "beta input_audio_transcription",
    rt({ input_audio_transcription: null }),
    "unknown_parameter",
    "session.input_audio_transcription",
  ],
  [
    "beta input_audio_noise_reduction",
    rt({ input_audio_noise_reduction: null }),
    "unknown_parameter",
    "session.input_audio_noise_reduction",
  ],
  [
    "beta max_response_output_tokens",
    rt({ max_response_output_tokens: 10 }),
    "unknown_parameter",
    "session.max_response_output_tokens",
  ],
  ["beta speed at top level", rt({ speed: 1 }), "unknown_parameter", "session.speed"],
  [
    "transcription session with realtime fields",
    { type: "session.update", session: { type: "transcription", instructions: "x" } },
    "unknown_parameter",
    "session.instructions",
  ],
  [
    "transcription session with output audio",
    { type: "session.update", session: { type: "transcription", audio: { output: {} } } },
    "unknown_parameter",
    "session.audio.output",
  ],
  ["model empty", rt({ model: "" }), "string_below_min_length", "session.model"],
  ["instructions not a string", rt({ instructions: 3 }), "invalid_type", "session.instructions"],
  [
    "both modalities",
    rt({ output_modalities: ["audio", "text"] }),
    "invalid_value",
    "session.output_modalities",
  ],
  [
    "unknown modality",
    rt({ output_modalities: ["video"] }),
    "invalid_value",
    "session.output_modalities",
  ],
  [
    "unknown audio field",
    rt({ audio: { inputs: {} } }),
    "unknown_parameter",
    "session.audio.inputs",
  ],
  [
    "format as beta string",
    input({ format: "pcm16" }),
    "invalid_type",
    "session.audio.input.format",
  ],
  [
    "format unknown type",
    input({ format: { type: "audio/opus" } }),
    "invalid_value",
    "session.audio.input.format.type",
  ],
  [
    "pcm rate 16000",
    input({ format: { type: "audio/pcm", rate: 16000 } }),
    "integer_below_min_value",
    "session.audio.input.format.rate",
  ],
  [
    "pcm rate 48000",
    output({ format: { type: "audio/pcm", rate: 48000 } }),
    "integer_above_max_value",
    "session.audio.output.format.rate",
  ],
  [
    "pcmu with rate",
    input({ format: { type: "audio/pcmu", rate: 8000 } }),
    "unknown_parameter",
    "session.audio.input.format.rate",
  ],
  [
    "noise reduction unknown",
    input({ noise_reduction: { type: "studio" } }),
    "invalid_value",
    "session.audio.input.noise_reduction.type",
  ],
  [
    "transcription unknown field",
    input({ transcription: { model: "whisper-1", temperature: 0 } }),
    "unknown_parameter",
    "session.audio.input.transcription.temperature",
  ],
  [
    "transcription bad delay",
    input({ transcription: { delay: "none" } }),
    "invalid_value",
    "session.audio.input.transcription.delay",
  ],
  [
    "turn detection unknown type",
    input({ turn_detection: { type: "none" } }),
    "invalid_value",
    "session.audio.input.turn_detection.type",
  ],
  [
    "turn detection without type",
    input({ turn_detection: { threshold: 0.5 } }),
    "missing_required_parameter",
    "session.audio.input.turn_detection.type",
  ],
  [
    "threshold above 1",
    vad({ threshold: 1.2 }),
    "decimal_above_max_value",
    "session.audio.input.turn_detection.threshold",
  ],
  [
    "threshold below 0",
    vad({ threshold: -0.1 }),
    "decimal_below_min_value",
    "session.audio.input.turn_detection.threshold",
  ],
  [
    "prefix padding negative",
    vad({ prefix_padding_ms: -1 }),
    "integer_below_min_value",
    "session.audio.input.turn_detection.prefix_padding_ms",
  ],
  [
    "silence duration fractional",
    vad({ silence_duration_ms: 2.5 }),
    "invalid_type",
    "session.audio.input.turn_detection.silence_duration_ms",
  ],
  [
    "idle timeout below 5000",
    vad({ idle_timeout_ms: 4999 }),
    "integer_below_min_value",
    "session.audio.input.turn_detection.idle_timeout_ms",
  ],
  [
    "idle timeout above 30000",
    vad({ idle_timeout_ms: 30001 }),
    "integer_above_max_value",
    "session.audio.input.turn_detection.idle_timeout_ms",
  ],
  [
    "create_response not boolean",
    vad({ create_response: "yes" }),
    "invalid_type",
    "session.audio.input.turn_detection.create_response",
  ],
  [
    "idle timeout on semantic vad",
    input({ turn_detection: { type: "semantic_vad", idle_timeout_ms: 6000 } }),
    "unknown_parameter",
    "session.audio.input.turn_detection.idle_timeout_ms",
  ],
  [
    "bad eagerness",
    input({ turn_detection: { type: "semantic_vad", eagerness: "eager" } }),
    "invalid_value",
    "session.audio.input.turn_detection.eagerness",
  ],
  ["unknown voice", output({ voice: "bob" }), "invalid_value", "session.audio.output.voice"],
  [
    "custom voice without id",
    output({ voice: {} }),
    "missing_required_parameter",
    "session.audio.output.voice.id",
  ],
  [
    "speed below 0.25",
    output({ speed: 0.2 }),
    "decimal_below_min_value",
    "session.audio.output.speed",
  ],
  [
    "speed above 1.5",
    output({ speed: 2 }),
    "decimal_above_max_value",
    "session.audio.output.speed",
  ],
  [
    "tool without type",
    rt({ tools: [{ name: "f" }] }),
    "missing_required_parameter",
    "session.tools[0].type",
  ],
  [
    "function tool without name",
    rt({ tools: [{ type: "function" }] }),
    "missing_required_parameter",
    "session.tools[0].name",
  ],
  [
    "function tool name with a space",
    rt({ tools: [{ type: "function", name: "get weather" }] }),
    "invalid_value",
    "session.tools[0].name",
  ],
  [
    "function tool name too long",
    rt({ tools: [{ type: "function", name: "f".repeat(65) }] }),
    "invalid_value",
    "session.tools[0].name",
  ],
  [
    "tool_choice function name with a dot",
    rt({ tool_choice: { type: "function", name: "a.b" } }),
    "invalid_value",
    "session.tool_choice.name",
  ],
  [
    "function tool with beta strict field",
    rt({ tools: [{ type: "function", name: "f", strict: true }] }),
    "unknown_parameter",
    "session.tools[0].strict",
  ],
  [
    "function parameters not an object",
    rt({ tools: [{ type: "function", name: "f", parameters: "{}" }] }),
    "invalid_type",
    "session.tools[0].parameters",
  ],
  [
    "mcp tool without url or connector",
    rt({ tools: [{ type: "mcp", server_label: "x" }] }),
    "missing_required_parameter",
    "session.tools[0]",
  ],
  [
    "mcp tool with url and connector",
    rt({
      tools: [
        {
          type: "mcp",
          server_label: "x",
          server_url: "https://a",
          connector_id: "connector_gmail",
        },
      ],
    }),
    "missing_required_parameter",
    "session.tools[0]",
  ],
  [
    "mcp unknown connector",
    rt({ tools: [{ type: "mcp", server_label: "x", connector_id: "connector_slack" }] }),
    "invalid_value",
    "session.tools[0].connector_id",
  ],
  [
    "mcp bad require_approval",
    rt({
      tools: [
        { type: "mcp", server_label: "x", server_url: "https://a", require_approval: "sometimes" },
      ],
    }),
    "invalid_value",
    "session.tools[0].require_approval",
  ],
  [
    "mcp bad allowed_tools",
    rt({
      tools: [{ type: "mcp", server_label: "x", server_url: "https://a", allowed_tools: "all" }],
    }),
    "invalid_value",
    "session.tools[0].allowed_tools",
  ],
  ["tool_choice unknown mode", rt({ tool_choice: "any" }), "invalid_value", "session.tool_choice"],
  [
    "tool_choice function without name",
    rt({ tool_choice: { type: "function" } }),
    "missing_required_parameter",
    "session.tool_choice.name",
  ],
  [
    "parallel_tool_calls not boolean",
    rt({ parallel_tool_calls: 1 }),
    "invalid_type",
    "session.parallel_tool_calls",
  ],
  [
    "reasoning effort unknown",
    rt({ reasoning: { effort: "max" } }),
    "invalid_value",
    "session.reasoning.effort",
  ],
  [
    "max_output_tokens 0",
    rt({ max_output_tokens: 0 }),
    "integer_below_min_value",
    "session.max_output_tokens",
  ],
  [
    "max_output_tokens 4097",
    rt({ max_output_tokens: 4097 }),
    "integer_above_max_value",
    "session.max_output_tokens",
  ],
  [
    "max_output_tokens infinity word",
    rt({ max_output_tokens: "infinite" }),
    "invalid_value",
    "session.max_output_tokens",
  ],
  ["truncation unknown", rt({ truncation: "smart" }), "invalid_value", "session.truncation"],
  [
    "retention ratio above 1",
    rt({ truncation: { type: "retention_ratio", retention_ratio: 1.5 } }),
    "decimal_above_max_value",
    "session.truncation.retention_ratio",
  ],
  [
    "retention ratio missing",
    rt({ truncation: { type: "retention_ratio" } }),
    "missing_required_parameter",
    "session.truncation.retention_ratio",
  ],
  [
    "post_instructions negative",
    rt({
      truncation: {
        type: "retention_ratio",
        retention_ratio: 0.5,
        token_limits: { post_instructions: -1 },
      },
    }),
    "integer_below_min_value",
    "session.truncation.token_limits.post_instructions",
  ],
  ["tracing unknown", rt({ tracing: "on" }), "invalid_value", "session.tracing"],
  [
    "prompt without id",
    rt({ prompt: { version: "1" } }),
    "missing_required_parameter",
    "session.prompt.id",
  ],
  ["include unknown", rt({ include: ["item.audio"] }), "invalid_value", "session.include[0]"],
  [
    "tracing object with unknown key",
    rt({ tracing: { workflow: "x" } }),
    "unknown_parameter",
    "session.tracing.workflow",
  ],
  [
    "prompt variable not text",
    rt({ prompt: { id: "p", variables: { a: 1 } } }),
    "invalid_value",
    "session.prompt.variables.a",
  ],
  [
    "include not a list",
    rt({ include: "item.input_audio_transcription.logprobs" }),
    "invalid_type",
    "session.include",
  ],
  [
    "transcription languages not a list",
    input({ transcription: { languages: "en" } }),
    "invalid_type",
    "session.audio.input.transcription.languages",
  ],
  [
    "mcp allowed_callers unknown",
    rt({
      tools: [
        { type: "mcp", server_label: "x", server_url: "https://a", allowed_callers: ["anyone"] },
      ],
    }),
    "invalid_value",
    "session.tools[0].allowed_callers[0]",
  ],
  [
    "mcp header value not a string",
    rt({
      tools: [{ type: "mcp", server_label: "x", server_url: "https://a", headers: { "X-N": 1 } }],
    }),
    "invalid_type",
    "session.tools[0].headers.X-N",
  ],
  [
    "output format without type",
    output({ format: { rate: 24000 } }),
    "missing_required_parameter",
    "session.audio.output.format.type",
  ],
  [
    "transcription session without audio input object",
    { type: "session.update", session: { type: "transcription", audio: { input: "pcm" } } },
    "invalid_type",
    "session.audio.input",
  ],
  [
    "response voice unknown",
    response({ audio: { output: { voice: "bob" } } }),
    "invalid_value",
    "response.audio.output.voice",
  ],
  [
    "response input item invalid",
    response({ input: [{ type: "function_call_output", output: "" }] }),
    "missing_required_parameter",
    "response.input[0].call_id",
  ],
  [
    "response reference id empty",
    response({ input: [{ type: "item_reference", id: "" }] }),
    "string_below_min_length",
    "response.input[0].id",
  ],
  [
    "response max_output_tokens fractional",
    response({ max_output_tokens: 10.5 }),
    "invalid_value",
    "response.max_output_tokens",
  ],
  [
    "mcp approval reason not a string",
    item({
      type: "mcp_approval_response",
      id: "i",
      approval_request_id: "r",
      approve: false,
      reason: 1,
    }),
    "invalid_type",
    "item.reason",
  ],
  // input audio
  [
    "append without audio",
    { type: "input_audio_buffer.append" },
    "missing_required_parameter",
    "audio",
  ],
  [
    "append audio not base64",
    { type: "input_audio_buffer.append", audio: "not base64!" },
    "invalid_base64",
    "audio",
  ],
  [
    "append audio unpadded",
    { type: "input_audio_buffer.append", audio: "AAA" },
    "invalid_base64",
    "audio",
  ],
  [
    "append audio as data URI",
    { type: "input_audio_buffer.append", audio: "data:audio/wav;base64,AAAA" },
    "invalid_base64",
    "audio",
  ],
  [
    "append audio over 15 MiB",
    { type: "input_audio_buffer.append", audio: "A".repeat(MAX_AUDIO_BASE64_LENGTH + 4) },
    "string_above_max_length",
    "audio",
  ],
  [
    "append audio as bytes",
    { type: "input_audio_buffer.append", audio: [1, 2] },
    "invalid_type",
    "audio",
  ],
  [
    "commit with a field",
    { type: "input_audio_buffer.commit", audio },
    "unknown_parameter",
    "audio",
  ],
  // items
  [
    "create without item",
    { type: "conversation.item.create" },
    "missing_required_parameter",
    "item",
  ],
  ["item unknown type", item({ type: "mcp_call", id: "x" }), "invalid_value", "item.type"],
  [
    "message without role",
    item({ type: "message", content: [] }),
    "missing_required_parameter",
    "item.role",
  ],
  [
    "message unknown role",
    item({ type: "message", role: "tool", content: [] }),
    "invalid_value",
    "item.role",
  ],
  [
    "message without content",
    item({ type: "message", role: "user" }),
    "missing_required_parameter",
    "item.content",
  ],
  [
    "user content beta text",
    user({ type: "text", text: "hi" }),
    "invalid_value",
    "item.content[0].type",
  ],
  [
    "input_audio without audio",
    user({ type: "input_audio", transcript: "hi" }),
    "missing_required_parameter",
    "item.content[0].audio",
  ],
  [
    "input_audio not base64",
    user({ type: "input_audio", audio: "%%%%" }),
    "invalid_base64",
    "item.content[0].audio",
  ],
  [
    "input_image not a data URI",
    user({ type: "input_image", image_url: "https://example.com/a.png" }),
    "invalid_value",
    "item.content[0].image_url",
  ],
  [
    "input_image gif",
    user({ type: "input_image", image_url: "data:image/gif;base64,R0lG" }),
    "invalid_value",
    "item.content[0].image_url",
  ],
  [
    "input_image bad detail",
    user({ type: "input_image", image_url: "data:image/png;base64,AAAA", detail: "max" }),
    "invalid_value",
    "item.content[0].detail",
  ],
  [
    "system message with audio",
    item({ type: "message", role: "system", content: [{ type: "input_audio", audio }] }),
    "invalid_value",
    "item.content[0].type",
  ],
  [
    "assistant message with audio",
    item({
      type: "message",
      role: "assistant",
      content: [{ type: "output_audio", transcript: "x" }],
    }),
    "invalid_value",
    "item.content[0].type",
  ],
  [
    "item bad status",
    item({ type: "function_call_output", call_id: "c", output: "", status: "done" }),
    "invalid_value",
    "item.status",
  ],
  [
    "item bad object",
    item({ type: "function_call_output", call_id: "c", output: "", object: "realtime.response" }),
    "invalid_value",
    "item.object",
  ],
  [
    "function_call without arguments",
    item({ type: "function_call", name: "f" }),
    "missing_required_parameter",
    "item.arguments",
  ],
  [
    "function_call_output without call_id",
    item({ type: "function_call_output", output: "{}" }),
    "missing_required_parameter",
    "item.call_id",
  ],
  [
    "function_call_output output not string",
    item({ type: "function_call_output", call_id: "c", output: { ok: true } }),
    "invalid_type",
    "item.output",
  ],
  [
    "mcp approval without approve",
    item({ type: "mcp_approval_response", id: "i", approval_request_id: "r" }),
    "missing_required_parameter",
    "item.approve",
  ],
  [
    "previous_item_id empty",
    {
      type: "conversation.item.create",
      previous_item_id: "",
      item: { type: "function_call_output", call_id: "c", output: "" },
    },
    "string_below_min_length",
    "previous_item_id",
  ],
  [
    "retrieve without item_id",
    { type: "conversation.item.retrieve" },
    "missing_required_parameter",
    "item_id",
  ],
  [
    "delete with item_id number",
    { type: "conversation.item.delete", item_id: 3 },
    "invalid_type",
    "item_id",
  ],
  [
    "truncate without audio_end_ms",
    { type: "conversation.item.truncate", item_id: "i", content_index: 0 },
    "missing_required_parameter",
    "audio_end_ms",
  ],
  [
    "truncate negative audio_end_ms",
    { type: "conversation.item.truncate", item_id: "i", content_index: 0, audio_end_ms: -5 },
    "integer_below_min_value",
    "audio_end_ms",
  ],
  [
    "truncate fractional audio_end_ms",
    { type: "conversation.item.truncate", item_id: "i", content_index: 0, audio_end_ms: 10.5 },
    "invalid_type",
    "audio_end_ms",
  ],
  [
    "truncate negative content_index",
    { type: "conversation.item.truncate", item_id: "i", content_index: -1, audio_end_ms: 0 },
    "integer_below_min_value",
    "content_index",
  ],
  // responses
  [
    "response not an object",
    { type: "response.create", response: "go" },
    "invalid_type",
    "response",
  ],
  [
    "response beta modalities",
    response({ modalities: ["text", "audio"] }),
    "unknown_parameter",
    "response.modalities",
  ],
  ["response beta voice", response({ voice: "alloy" }), "unknown_parameter", "response.voice"],
  [
    "response beta temperature",
    response({ temperature: 1 }),
    "unknown_parameter",
    "response.temperature",
  ],
  [
    "response beta output_audio_format",
    response({ output_audio_format: "pcm16" }),
    "unknown_parameter",
    "response.output_audio_format",
  ],
  [
    "response conversation id",
    response({ conversation: "conv_1" }),
    "invalid_value",
    "response.conversation",
  ],
  [
    "response metadata not strings",
    response({ metadata: { n: 1 } }),
    "invalid_type",
    "response.metadata.n",
  ],
  [
    "response metadata too many",
    response({
      metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])),
    }),
    "invalid_value",
    "response.metadata",
  ],
  [
    "response metadata key too long",
    response({ metadata: { ["k".repeat(65)]: "v" } }),
    "string_above_max_length",
    `response.metadata.${"k".repeat(65)}`,
  ],
  [
    "response metadata value too long",
    response({ metadata: { k: "v".repeat(513) } }),
    "string_above_max_length",
    "response.metadata.k",
  ],
  [
    "response input not array",
    response({ input: { type: "item_reference", id: "i" } }),
    "invalid_type",
    "response.input",
  ],
  [
    "response input reference without id",
    response({ input: [{ type: "item_reference" }] }),
    "missing_required_parameter",
    "response.input[0].id",
  ],
  [
    "response audio output speed",
    response({ audio: { output: { speed: 1 } } }),
    "unknown_parameter",
    "response.audio.output.speed",
  ],
  [
    "cancel response_id number",
    { type: "response.cancel", response_id: 1 },
    "invalid_type",
    "response_id",
  ],
  [
    "output clear with field",
    { type: "output_audio_buffer.clear", response_id: "r" },
    "unknown_parameter",
    "response_id",
  ],
];

describe("invalid client events", () => {
  it.each(cases)("%s → %s at %s", (_, event, code, param) => {
    const result = safeValidate(event);
    expect(result.success).toBe(false);
    if (result.success) return;
    const first = result.error.issues[0];
    expect({ code: first?.code, param: first?.param }).toEqual({ code, param });
    expect(result.error).toBeInstanceOf(ValidationError);
    expect(result.error.code).toBe("invalid_client_event");
    expect(result.error.message.split("\n")).toHaveLength(1 + result.error.issues.length);
    expect(() => validate(event)).toThrow(ValidationError);
  });

  it("reports every problem, one line each", () => {
    const result = safeValidate(rt({ modalities: ["text"], temperature: 0.8, voice: "alloy" }));
    expect(result.success ? [] : result.error.issues.map((i) => i.param)).toEqual([
      "session.modalities",
      "session.temperature",
      "session.voice",
    ]);
  });

  it("never puts long values such as audio or secrets into messages", () => {
    const secret = "sk-proj-0123456789abcdefghijklmnopqrstuvwxyz";
    const result = safeValidate(
      rt({
        tools: [{ type: "mcp", server_label: "x", authorization: 5 }],
        instructions: { secret },
      }),
    );
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.message).not.toContain(secret);
    const big = safeValidate({ type: "input_audio_buffer.append", audio: `${"A".repeat(4096)}!` });
    expect(big.success ? "" : big.error.message.length).toBeLessThan(400);
  });

  it("an error's eventType is the given type, or undefined when there is none", () => {
    const r1 = safeValidate({ type: "response.create", response: 1 });
    const r2 = safeValidate(42);
    expect(r1.success ? null : r1.error.eventType).toBe("response.create");
    expect(r2.success ? null : r2.error.eventType).toBeUndefined();
    expect(r2.success ? null : r2.error.name).toBe("ValidationError");
  });
});
