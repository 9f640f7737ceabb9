import * as z from "zod/mini";
import { base64Audio, nonEmpty } from "./primitives.js";

const itemBase = {
  id: z.optional(nonEmpty),
  object: z.optional(z.literal("realtime.item")),
  status: z.optional(z.enum(["completed", "incomplete", "in_progress"])),
};

/** `input_text` content. */
export const inputTextContent = z.strictObject({ type: z.literal("input_text"), text: z.string() });

/** `input_audio` content: the audio is required, the transcript is not. */
export const inputAudioContent = z.strictObject({
  type: z.literal("input_audio"),
  audio: base64Audio,
  transcript: z.optional(z.string()),
});

const imageDataUri = /^data:image\/(png|jpeg);base64,/;

/** `input_image` content: a PNG or JPEG data URI. */
export const inputImageContent = z.strictObject({
  type: z.literal("input_image"),
  image_url: z
    .string()
    .check(z.refine((s) => imageDataUri.test(s), { params: { code: "image_data_uri" } })),
  detail: z.optional(z.enum(["auto", "low", "high"])),
});

/** `output_text` content (assistant). */
export const outputTextContent = z.strictObject({
  type: z.literal("output_text"),
  text: z.string(),
});

/** A system message: `input_text` only. */
export const systemMessage = z.strictObject({
  ...itemBase,
  type: z.literal("message"),
  role: z.literal("system"),
  content: z.array(inputTextContent),
});

/** A user message: text, audio and images. */
export const userMessage = z.strictObject({
  ...itemBase,
  type: z.literal("message"),
  role: z.literal("user"),
  content: z.array(
    z.discriminatedUnion("type", [inputTextContent, inputAudioContent, inputImageContent]),
  ),
});

/** An assistant message: `output_text` only (clients cannot add assistant audio). */
export const assistantMessage = z.strictObject({
  ...itemBase,
  type: z.literal("message"),
  role: z.literal("assistant"),
  content: z.array(outputTextContent),
});

/** A function call. */
export const functionCallItem = z.strictObject({
  ...itemBase,
  type: z.literal("function_call"),
  name: nonEmpty,
  arguments: z.string(),
  call_id: z.optional(nonEmpty),
});

/** A function call output: `call_id` is required. */
export const functionCallOutputItem = z.strictObject({
  ...itemBase,
  type: z.literal("function_call_output"),
  call_id: nonEmpty,
  output: z.string(),
});

/** The answer to an MCP approval request. */
export const mcpApprovalResponseItem = z.strictObject({
  type: z.literal("mcp_approval_response"),
  id: nonEmpty,
  approval_request_id: nonEmpty,
  approve: z.boolean(),
  reason: z.optional(z.nullable(z.string())),
});

/** Any item a client may add, discriminated on `type` (and `role` for messages). */
export const clientConversationItem = z.discriminatedUnion("type", [
  z.discriminatedUnion("role", [systemMessage, userMessage, assistantMessage]),
  functionCallItem,
  functionCallOutputItem,
  mcpApprovalResponseItem,
]);

/** A reference to an existing item (in `response.input`). */
export const itemReference = z.strictObject({ type: z.literal("item_reference"), id: nonEmpty });
