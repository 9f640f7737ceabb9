import type { ClientEvent } from "@echo/core";

/** 20 ms of PCM16 24 kHz silence-ish audio (960 samples), base64. */
export function pcmChunkBase64(samples = 960): string {
  const pcm = new Int16Array(samples);
  for (let i = 0; i < samples; i++) pcm[i] = Math.round(Math.sin(i / 10) * 8000);
  return Buffer.from(pcm.buffer).toString("base64");
}

export const voices = [
  "alloy",
  "ash",
  "ballad",
  "coral",
  "echo",
  "sage",
  "shimmer",
  "verse",
  "marin",
  "cedar",
] as const;

export const connectors = [
  "connector_dropbox",
  "connector_gmail",
  "connector_googlecalendar",
  "connector_googledrive",
  "connector_microsoftteams",
  "connector_outlookcalendar",
  "connector_outlookemail",
  "connector_sharepoint",
] as const;

/** A session.update that uses every field of the realtime session config. */
export const fullSessionUpdate: ClientEvent = {
  type: "session.update",
  event_id: "evt_full_session",
  session: {
    type: "realtime",
    model: "gpt-realtime",
    instructions: "You are a helpful assistant. Keep answers short.",
    output_modalities: ["audio"],
    audio: {
      input: {
        format: { type: "audio/pcm", rate: 24000 },
        transcription: { model: "gpt-4o-transcribe", language: "en", prompt: "Names: Ada, Grace" },
        noise_reduction: { type: "near_field" },
        turn_detection: {
          type: "server_vad",
          threshold: 0.5,
          prefix_padding_ms: 300,
          silence_duration_ms: 200,
          create_response: true,
          interrupt_response: true,
          idle_timeout_ms: 6000,
        },
      },
      output: { format: { type: "audio/pcm", rate: 24000 }, voice: "marin", speed: 1.1 },
    },
    tools: [
      {
        type: "function",
        name: "get_weather",
        description: "Weather for a city",
        parameters: {
          type: "object",
          properties: { city: { type: "string" } },
          required: ["city"],
        },
      },
      {
        type: "mcp",
        server_label: "docs",
        server_url: "https://mcp.example.com/sse",
        authorization: "token",
        headers: { "X-Team": "echo" },
        server_description: "Company docs",
        allowed_tools: ["search"],
        require_approval: "never",
      },
    ],
    tool_choice: "auto",
    parallel_tool_calls: false,
    reasoning: { effort: "low" },
    max_output_tokens: "inf",
    truncation: {
      type: "retention_ratio",
      retention_ratio: 0.8,
      token_limits: { post_instructions: 1000 },
    },
    tracing: { workflow_name: "echo", group_id: "g1", metadata: { user: "u1" } },
    prompt: {
      id: "pmpt_123",
      version: "2",
      variables: { city: "Paris", note: { type: "input_text", text: "hi" } },
    },
    include: ["item.input_audio_transcription.logprobs"],
  },
};

/** Valid examples: every event type, every enum value at least once. */
export function validEvents(): ClientEvent[] {
  const audio = pcmChunkBase64();
  const events: ClientEvent[] = [
    fullSessionUpdate,
    { type: "session.update", session: { type: "realtime" } },
    { type: "session.update", session: { type: "realtime", instructions: "", tools: [] } },
    {
      type: "session.update",
      session: {
        type: "realtime",
        output_modalities: ["text"],
        audio: {
          input: {
            format: { type: "audio/pcm" },
            transcription: null,
            noise_reduction: null,
            turn_detection: null,
          },
          output: { format: { type: "audio/pcm" }, voice: { id: "voice_123" }, speed: 0.25 },
        },
        tool_choice: "none",
        max_output_tokens: 1,
        truncation: "auto",
        tracing: "auto",
        prompt: null,
      },
    },
    {
      type: "session.update",
      session: {
        type: "realtime",
        tool_choice: "required",
        max_output_tokens: 4096,
        truncation: "disabled",
        tracing: null,
        audio: { output: { speed: 1.5 } },
      },
    },
    {
      type: "session.update",
      session: { type: "realtime", tool_choice: { type: "function", name: "get_weather" } },
    },
    {
      type: "session.update",
      session: { type: "realtime", tool_choice: { type: "mcp", server_label: "docs", name: null } },
    },
    {
      type: "session.update",
      session: {
        type: "transcription",
        audio: {
          input: {
            format: { type: "audio/pcmu" },
            transcription: {
              model: "gpt-4o-transcribe-diarize",
              languages: ["en", "fr"],
              keywords: ["echo"],
              delay: "minimal",
            },
            noise_reduction: { type: "far_field" },
            turn_detection: { type: "semantic_vad", eagerness: "auto" },
          },
        },
        include: ["item.input_audio_transcription.logprobs"],
      },
    },
    {
      type: "session.update",
      session: { type: "transcription", audio: { input: { format: { type: "audio/pcma" } } } },
    },
    { type: "session.update", session: { type: "transcription" } },
    { type: "input_audio_buffer.append", audio },
    { type: "input_audio_buffer.append", audio: "", event_id: "e".repeat(512) },
    { type: "input_audio_buffer.commit" },
    { type: "input_audio_buffer.commit", event_id: "c1" },
    { type: "input_audio_buffer.clear" },
    {
      type: "conversation.item.create",
      previous_item_id: "root",
      item: {
        type: "message",
        role: "system",
        content: [{ type: "input_text", text: "Be brief." }],
      },
    },
    {
      type: "conversation.item.create",
      item: {
        id: "item_user_1",
        object: "realtime.item",
        status: "completed",
        type: "message",
        role: "user",
        content: [
          { type: "input_text", text: "What is in this picture?" },
          { type: "input_audio", audio },
          { type: "input_audio", audio, transcript: "hello" },
          { type: "input_image", image_url: "data:image/png;base64,iVBORw0KGgo=", detail: "auto" },
          { type: "input_image", image_url: "data:image/jpeg;base64,/9j/4AAQ", detail: "low" },
          { type: "input_image", image_url: "data:image/png;base64,AAAA", detail: "high" },
        ],
      },
    },
    {
      type: "conversation.item.create",
      item: {
        type: "message",
        role: "assistant",
        status: "incomplete",
        content: [{ type: "output_text", text: "Sure." }],
      },
    },
    {
      type: "conversation.item.create",
      item: {
        type: "function_call",
        status: "in_progress",
        name: "get_weather",
        arguments: '{"city":"Paris"}',
        call_id: "call_1",
      },
    },
    {
      type: "conversation.item.create",
      item: { type: "function_call_output", call_id: "call_1", output: '{"temp":21}' },
    },
    {
      type: "conversation.item.create",
      item: {
        type: "mcp_approval_response",
        id: "item_appr_1",
        approval_request_id: "mcpr_1",
        approve: true,
        reason: null,
      },
    },
    { type: "conversation.item.retrieve", item_id: "item_1" },
    { type: "conversation.item.truncate", item_id: "item_2", content_index: 0, audio_end_ms: 1500 },
    { type: "conversation.item.delete", item_id: "item_3" },
    { type: "response.create" },
    {
      type: "response.create",
      response: {
        output_modalities: ["text"],
        instructions: "Summarise.",
        audio: { output: { format: { type: "audio/pcmu" }, voice: "cedar" } },
        tools: [],
        tool_choice: "auto",
        parallel_tool_calls: true,
        reasoning: { effort: "high" },
        max_output_tokens: 200,
        prompt: { id: "pmpt_1" },
        metadata: { topic: "summary" },
        conversation: "none",
        input: [
          { type: "item_reference", id: "item_1" },
          { type: "message", role: "user", content: [{ type: "input_text", text: "Hi" }] },
        ],
      },
    },
    { type: "response.create", response: { conversation: "auto", input: [], metadata: null } },
    { type: "response.cancel" },
    { type: "response.cancel", response_id: "resp_1" },
    { type: "output_audio_buffer.clear" },
  ];
  for (const voice of voices) {
    events.push({
      type: "session.update",
      session: { type: "realtime", audio: { output: { voice } } },
    });
  }
  for (const effort of ["minimal", "low", "medium", "high", "xhigh"] as const) {
    events.push({ type: "session.update", session: { type: "realtime", reasoning: { effort } } });
    events.push({
      type: "session.update",
      session: {
        type: "transcription",
        audio: { input: { transcription: { model: "gpt-4o-mini-transcribe", delay: effort } } },
      },
    });
  }
  for (const eagerness of ["low", "medium", "high", "auto"] as const) {
    events.push({
      type: "session.update",
      session: {
        type: "realtime",
        audio: {
          input: {
            turn_detection: {
              type: "semantic_vad",
              eagerness,
              create_response: false,
              interrupt_response: false,
            },
          },
        },
      },
    });
  }
  for (const connector_id of connectors) {
    events.push({
      type: "session.update",
      session: {
        type: "realtime",
        tools: [
          { type: "mcp", server_label: connector_id, connector_id, require_approval: "always" },
        ],
      },
    });
  }
  events.push({
    type: "response.create",
    response: {
      tools: [
        {
          type: "mcp",
          server_label: "filters",
          allowed_tools: { read_only: true, tool_names: ["a"] },
          require_approval: { always: { tool_names: ["write"] }, never: { read_only: true } },
          allowed_callers: ["direct", "programmatic"],
          defer_loading: true,
          tunnel_id: "tun_1",
        },
        {
          type: "mcp",
          server_label: "nulls",
          server_url: "https://x.example",
          allowed_tools: null,
          require_approval: null,
          headers: null,
        },
      ],
      reasoning: {},
      max_output_tokens: "inf",
    },
  });
  return events;
}
