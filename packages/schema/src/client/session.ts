import * as z from "zod/mini";
import {
  audioFormat,
  audioTranscription,
  include,
  maxOutputTokens,
  noiseReduction,
  outputModalities,
  prompt,
  reasoning,
  tool,
  toolChoice,
  tracing,
  truncation,
  turnDetection,
  voice,
} from "./common.js";
import { decimal } from "./primitives.js";

/** `session.audio.input` (also the input of a transcription session). */
export const audioInputConfig = z.strictObject({
  format: z.optional(audioFormat),
  transcription: z.optional(z.nullable(audioTranscription)),
  noise_reduction: z.optional(z.nullable(noiseReduction)),
  turn_detection: z.optional(z.nullable(turnDetection)),
});

/** `session.audio.output`. */
export const audioOutputConfig = z.strictObject({
  format: z.optional(audioFormat),
  voice: z.optional(voice),
  speed: z.optional(decimal(0.25, 1.5)),
});

/** A speech-to-speech session config (`type: "realtime"`), every field of §2.1. */
export const realtimeSessionConfig = z.strictObject({
  type: z.literal("realtime"),
  model: z.optional(z.string().check(z.minLength(1))),
  instructions: z.optional(z.string()),
  output_modalities: z.optional(outputModalities),
  audio: z.optional(
    z.strictObject({
      input: z.optional(audioInputConfig),
      output: z.optional(audioOutputConfig),
    }),
  ),
  tools: z.optional(z.array(tool)),
  tool_choice: z.optional(toolChoice),
  parallel_tool_calls: z.optional(z.boolean()),
  reasoning: z.optional(reasoning),
  max_output_tokens: z.optional(maxOutputTokens),
  truncation: z.optional(truncation),
  tracing: z.optional(z.nullable(tracing)),
  prompt: z.optional(z.nullable(prompt)),
  include: z.optional(include),
});

/** A transcription-only session config (`type: "transcription"`). */
export const transcriptionSessionConfig = z.strictObject({
  type: z.literal("transcription"),
  audio: z.optional(z.strictObject({ input: z.optional(audioInputConfig) })),
  include: z.optional(include),
});

/** Any session config, discriminated on `type` (required). */
export const sessionConfig = z.discriminatedUnion("type", [
  realtimeSessionConfig,
  transcriptionSessionConfig,
]);
