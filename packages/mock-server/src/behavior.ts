/** One item of the context a response sees, simplified for behaviours. */
export interface TurnItem {
  /** The item id. */
  readonly id: string;
  /** `message`, `function_call` or `function_call_output`. */
  readonly type: string;
  /** The role of a message. */
  readonly role?: "user" | "assistant" | "system";
  /** Text of the item: message text and transcripts joined, a function's arguments, a tool output. */
  readonly text: string;
  /** Audio of the item as PCM16 24 kHz mono, when it has any. */
  readonly audio?: Int16Array;
  /** Name of a function call. */
  readonly name?: string;
  /** Call id of a function call or its output. */
  readonly callId?: string;
}

/** What a behaviour is asked to answer. */
export interface Turn {
  /** The context of the response (the conversation, or `response.input`), oldest first. */
  readonly input: readonly TurnItem[];
  /** What the response produces. */
  readonly modality: "audio" | "text";
  /** Effective instructions. */
  readonly instructions: string;
  /** Names of the tools the response may call. */
  readonly tools: readonly string[];
  /** 0 for the first response of the connection, then 1, 2, ... */
  readonly index: number;
}

/** One output item of a reply. */
export type ReplyPart =
  | {
      /** An assistant message. */
      type: "message";
      /** Its text (text modality) or transcript (audio modality). */
      text: string;
      /** Its audio as PCM16 24 kHz mono; when missing in audio modality, speech-like audio is made. */
      audio?: Int16Array;
    }
  | {
      /** A function call the client should run. */
      type: "function_call";
      /** Function name. */
      name: string;
      /** Arguments as a JSON string. */
      arguments: string;
      /** Call id; made up when missing. */
      call_id?: string;
    };

/** What a behaviour answers: the output items of one response, in order. */
export type Reply = readonly ReplyPart[];

/** Decides what the mock model says. Implementations: `parrot()`, `scripted()`. */
export interface Behavior {
  /** A short name for logs. */
  readonly name: string;
  /** Produces the reply to one turn. */
  reply(turn: Turn): Reply | Promise<Reply>;
  /** Transcribes committed user audio when input transcription is on (default: a placeholder). */
  transcribe?(audio: Int16Array): string;
}
