import * as z from "zod/mini";
import {
  audioFormat,
  maxOutputTokens,
  metadata,
  outputModalities,
  prompt,
  reasoning,
  tool,
  toolChoice,
  voice,
} from "./common.js";
import { clientConversationItem, itemReference } from "./items.js";

/** `response.create` → `response`: every parameter of §2.3. */
export const responseParams = z.strictObject({
  output_modalities: z.optional(outputModalities),
  instructions: z.optional(z.string()),
  audio: z.optional(
    z.strictObject({
      output: z.optional(
        z.strictObject({ format: z.optional(audioFormat), voice: z.optional(voice) }),
      ),
    }),
  ),
  tools: z.optional(z.array(tool)),
  tool_choice: z.optional(toolChoice),
  parallel_tool_calls: z.optional(z.boolean()),
  reasoning: z.optional(reasoning),
  max_output_tokens: z.optional(maxOutputTokens),
  prompt: z.optional(z.nullable(prompt)),
  metadata: z.optional(z.nullable(metadata)),
  conversation: z.optional(z.enum(["auto", "none"])),
  input: z.optional(z.array(z.discriminatedUnion("type", [clientConversationItem, itemReference]))),
});
