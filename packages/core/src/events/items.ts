/** Conversation items and their content parts (§2.2 of the protocol reference). */

/** The status of an item. Has no effect when a client sends it. */
export type ItemStatus = "completed" | "incomplete" | "in_progress";

/** Fields every item may carry. */
export interface ItemBase {
  /** The item id; the server makes one when left out. */
  id?: string;
  /** Always `"realtime.item"` when present (GA servers usually leave it out). */
  object?: "realtime.item";
  /** The item status. */
  status?: ItemStatus;
}

/** Text written by the user or the system. */
export interface InputTextContent {
  /** Input text. */
  type: "input_text";
  /** The text. */
  text: string;
}

/** Audio sent by the user inside an item (a client must include the audio). */
export interface InputAudioContent {
  /** Input audio. */
  type: "input_audio";
  /** Base64 audio in the session's input format. */
  audio: string;
  /** A transcript of the audio, if known. */
  transcript?: string;
}

/** The detail level at which the model looks at an image. */
export type ImageDetail = "auto" | "low" | "high";

/** An image sent by the user. */
export interface InputImageContent {
  /** Input image. */
  type: "input_image";
  /** A data URI (`data:image/png;base64,…` or JPEG). */
  image_url: string;
  /** Detail level (default `auto`). */
  detail?: ImageDetail;
}

/** Text said by the assistant. */
export interface OutputTextContent {
  /** Output text. */
  type: "output_text";
  /** The text. */
  text: string;
}

/** A system message a client adds. */
export interface SystemMessageInput extends ItemBase {
  /** A message. */
  type: "message";
  /** From the system. */
  role: "system";
  /** Text only. */
  content: InputTextContent[];
}

/** A user message a client adds. */
export interface UserMessageInput extends ItemBase {
  /** A message. */
  type: "message";
  /** From the user. */
  role: "user";
  /** Text, audio and images. */
  content: (InputTextContent | InputAudioContent | InputImageContent)[];
}

/** An assistant message a client adds (text only: clients cannot add assistant audio). */
export interface AssistantMessageInput extends ItemBase {
  /** A message. */
  type: "message";
  /** From the assistant. */
  role: "assistant";
  /** Text only. */
  content: OutputTextContent[];
}

/** A function call by the model. */
export interface FunctionCallItem extends ItemBase {
  /** A function call. */
  type: "function_call";
  /** The function name. */
  name: string;
  /** The arguments, as a JSON string. */
  arguments: string;
  /** The call id that the output item must repeat. */
  call_id?: string;
}

/** The result of a function call, sent by the client (then send `response.create`). */
export interface FunctionCallOutputItem extends ItemBase {
  /** A function call output. */
  type: "function_call_output";
  /** The `call_id` of the `function_call` this answers. */
  call_id: string;
  /** The result, as a string (usually JSON). */
  output: string;
}

/** The client's answer to an `mcp_approval_request`. */
export interface McpApprovalResponseItem {
  /** An MCP approval response. */
  type: "mcp_approval_response";
  /** The id of this item. */
  id: string;
  /** The id of the `mcp_approval_request` item. */
  approval_request_id: string;
  /** Whether the call may go ahead. */
  approve: boolean;
  /** Why, optionally. */
  reason?: string | null;
}

/** An item a client may add with `conversation.item.create` or use as `response.input`. */
export type ClientConversationItem =
  | SystemMessageInput
  | UserMessageInput
  | AssistantMessageInput
  | FunctionCallItem
  | FunctionCallOutputItem
  | McpApprovalResponseItem;

/** A reference to an item already in the conversation (in `response.input`). */
export interface ItemReference {
  /** An item reference. */
  type: "item_reference";
  /** The referenced item id. */
  id: string;
}

/** Audio in an item sent by the server; the bytes are left out except in `conversation.item.retrieved`. */
export interface InputAudioContentOut {
  /** Input audio. */
  type: "input_audio";
  /** Base64 audio, only in `conversation.item.retrieved`. */
  audio?: string;
  /** The transcript, when transcription has finished. */
  transcript?: string | null;
}

/** Audio said by the assistant, in an item sent by the server. */
export interface OutputAudioContent {
  /** Output audio. */
  type: "output_audio";
  /** Base64 audio, only in `conversation.item.retrieved`. */
  audio?: string;
  /** The transcript of the audio. */
  transcript?: string | null;
}

/** A content part of an item sent by the server. */
export type ContentPart =
  | InputTextContent
  | InputAudioContentOut
  | InputImageContent
  | OutputTextContent
  | OutputAudioContent;

/** A message as the server reports it. */
export interface MessageItem extends ItemBase {
  /** A message. */
  type: "message";
  /** Who wrote it. */
  role: "system" | "user" | "assistant";
  /** Its content parts (empty while an assistant item is `in_progress`). */
  content: ContentPart[];
}

/** A tool an MCP server offers. */
export interface McpListedTool {
  /** The tool name. */
  name: string;
  /** Its input JSON Schema. */
  input_schema: unknown;
  /** What it does. */
  description?: string | null;
  /** Extra annotations. */
  annotations?: unknown;
}

/** The tools an MCP server offers, added by the server. */
export interface McpListToolsItem extends ItemBase {
  /** An MCP tool listing. */
  type: "mcp_list_tools";
  /** The server label. */
  server_label: string;
  /** The tools. */
  tools: McpListedTool[];
}

/** Why an MCP call failed. */
export type McpCallError =
  | { type: "protocol_error"; code: number; message: string }
  | { type: "tool_execution_error"; message: string }
  | { type: "http_error"; code: number; message: string };

/** An MCP tool call made by the model. */
export interface McpCallItem extends ItemBase {
  /** An MCP call. */
  type: "mcp_call";
  /** The item id. */
  id: string;
  /** The server label. */
  server_label: string;
  /** The tool name. */
  name: string;
  /** The arguments, as a JSON string. */
  arguments: string;
  /** The approval request this call waited for, if any. */
  approval_request_id?: string | null;
  /** The tool's output. */
  output?: string | null;
  /** The failure, if it failed. */
  error?: McpCallError | null;
}

/** The server asks the client to approve an MCP call (answer with `mcp_approval_response`). */
export interface McpApprovalRequestItem extends ItemBase {
  /** An MCP approval request. */
  type: "mcp_approval_request";
  /** The item id. */
  id: string;
  /** The server label. */
  server_label: string;
  /** The tool name. */
  name: string;
  /** The arguments, as a JSON string. */
  arguments: string;
}

/** An item as the server reports it, discriminated on `type`. */
export type ConversationItem =
  | MessageItem
  | FunctionCallItem
  | FunctionCallOutputItem
  | McpApprovalResponseItem
  | McpListToolsItem
  | McpCallItem
  | McpApprovalRequestItem;
