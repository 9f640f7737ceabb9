import { decodeToPcm24k, encodeFromPcm24k, pcm16View } from "./audio/pcm.js";
import { givenAudio, speechLikeAudio } from "./audio/reply-audio.js";
import type { Behavior, Reply, Turn, TurnItem } from "./behavior.js";
import { speechDurationMs } from "./behaviors/parrot.js";
import type { Conversation, StoredItem } from "./conversation.js";
import { GrowingBuffer } from "./growing-buffer.js";
import { makeId, obfuscation } from "./ids.js";
import { clone, isObject, type JsonObject, type JsonValue } from "./json.js";
import {
  type AudioFormat,
  outputFormat,
  outputModality,
  outputVoice,
  readFormat,
} from "./session-config.js";

/** What a running response needs from its connection. */
export interface ResponseHost {
  /** Sends one server event (adds `event_id`). */
  emit(event: JsonObject & { type: string }): void;
  /** Waits between deltas (pacing; also lets a cancel or a barge-in land mid-response). */
  pace(): Promise<void>;
  /** The default conversation. */
  readonly conversation: Conversation;
  /** The effective session config. */
  readonly session: JsonObject;
  /** Who decides the reply. */
  readonly behavior: Behavior;
  /** Audio per `response.output_audio.delta`, in milliseconds. */
  readonly audioChunkMs: number;
  /** Called when the model produced audio (the voice is fixed from then on). */
  audioProduced(): void;
  /** Called once, after `response.done`. */
  finished(run: ResponseRun): void;
}

/** Why a response stopped early. */
export type CancelReason = "turn_detected" | "client_cancelled";

type RunState =
  | { status: "running" }
  | { status: "cancelling"; reason: CancelReason }
  | { status: "done" };

function words(text: string): string[] {
  return text.match(/\s*\S+/g) ?? (text === "" ? [] : [text]);
}

function tokensOfText(text: string): number {
  return Math.ceil(text.length / 4);
}

/** How many 24 kHz samples a stored item's audio decodes to (without decoding it). */
export function audioSamples(stored: StoredItem): number {
  let bytes = 0;
  for (const b of stored.audio.values()) bytes += b.length;
  return stored.format.type === "audio/pcm" ? bytes >> 1 : bytes * 3;
}

/**
 * Turns a stored item into the simplified shape behaviours read. Its `audio` is decoded only
 * when a behaviour reads it, so a response does not decode the whole conversation's audio.
 */
export function toTurnItem(stored: StoredItem): TurnItem {
  const item = stored.item;
  const texts: string[] = [];
  const parts: Buffer[] = [];
  if (Array.isArray(item.content)) {
    item.content.forEach((part, index) => {
      if (!isObject(part)) return;
      if (typeof part.text === "string") texts.push(part.text);
      else if (typeof part.transcript === "string") texts.push(part.transcript);
      const bytes = stored.audio.get(index);
      if (bytes) parts.push(bytes);
    });
  }
  if (typeof item.arguments === "string") texts.push(item.arguments);
  if (typeof item.output === "string") texts.push(item.output);
  const role =
    item.role === "user" || item.role === "assistant" || item.role === "system"
      ? item.role
      : undefined;
  const turnItem: TurnItem = {
    id: item.id,
    type: String(item.type),
    ...(role ? { role } : {}),
    text: texts.join(" "),
    ...(typeof item.name === "string" ? { name: item.name } : {}),
    ...(typeof item.call_id === "string" ? { callId: item.call_id } : {}),
  };
  if (audioSamples(stored) === 0) return turnItem;
  let decoded: Int16Array | undefined;
  const format = stored.format;
  return Object.defineProperty(turnItem, "audio", {
    enumerable: true,
    get: () => {
      decoded ??= joinPcm(parts.map((bytes) => decodeToPcm24k(bytes, format)));
      return decoded;
    },
  });
}

function joinPcm(pieces: Int16Array[]): Int16Array {
  if (pieces.length === 1 && pieces[0]) return pieces[0];
  const joined = new Int16Array(pieces.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of pieces) {
    joined.set(a, at);
    at += a.length;
  }
  return joined;
}

function partTranscript(stored: StoredItem): string | undefined {
  const part = Array.isArray(stored.item.content) ? stored.item.content[0] : undefined;
  return isObject(part) && typeof part.transcript === "string" ? part.transcript : undefined;
}

/** One `response.create` being answered: streams the GA event sequence and can be cancelled. */
export class ResponseRun {
  /** The response id (`resp_…`). */
  readonly id = makeId("resp");
  /** Whether it writes to the default conversation (`conversation: "auto"`). */
  readonly inConversation: boolean;
  private state: RunState = { status: "running" };
  private readonly params: JsonObject;
  private readonly modality: "audio" | "text";
  private readonly format: AudioFormat;
  private readonly output: JsonObject[] = [];
  private outputTextTokens = 0;
  /** Set when `max_output_tokens` cut the output short (`status: "incomplete"`). */
  private limited = false;
  private audioBytes = 0;
  private outputAudioTokens = 0;

  constructor(
    private readonly host: ResponseHost,
    params: JsonObject,
    private readonly index: number,
    private readonly context: readonly StoredItem[],
  ) {
    this.params = params;
    this.inConversation = params.conversation !== "none";
    this.modality = outputModality(params.output_modalities ?? host.session.output_modalities);
    const audioParams =
      isObject(params.audio) && isObject(params.audio.output) ? params.audio.output : undefined;
    this.format = audioParams?.format ? readFormat(audioParams.format) : outputFormat(host.session);
  }

  /** Asks the run to stop; `response.done` with `status: "cancelled"` follows. False if already ending. */
  cancel(reason: CancelReason): boolean {
    if (this.state.status !== "running") return false;
    this.state = { status: "cancelling", reason };
    return true;
  }

  /** Milliseconds of audio this response has sent so far. */
  get audioMs(): number {
    return this.audioBytes / this.format.bytesPerMs;
  }

  /** Whether the run is still producing output. */
  get active(): boolean {
    return this.state.status !== "done";
  }

  private get cancelled(): boolean {
    return this.state.status === "cancelling";
  }

  private responseObject(status: string, statusDetails: JsonValue, usage: JsonValue): JsonObject {
    const audioParams =
      isObject(this.params.audio) && isObject(this.params.audio.output)
        ? this.params.audio.output
        : {};
    const formatWire: JsonObject =
      this.format.type === "audio/pcm"
        ? { type: "audio/pcm", rate: 24000 }
        : { type: this.format.type };
    return {
      object: "realtime.response",
      id: this.id,
      status,
      status_details: statusDetails,
      output: clone(this.output),
      conversation_id: this.inConversation ? this.host.conversation.id : null,
      output_modalities: [this.modality],
      max_output_tokens:
        this.params.max_output_tokens ?? this.host.session.max_output_tokens ?? "inf",
      audio: {
        output: { format: formatWire, voice: audioParams.voice ?? outputVoice(this.host.session) },
      },
      usage,
      metadata: this.params.metadata ?? null,
    };
  }

  /** Streams the whole response. Never rejects: a behaviour that throws gives `status: "failed"`. */
  async run(): Promise<void> {
    const h = this.host;
    h.emit({ type: "response.created", response: this.responseObject("in_progress", null, null) });
    let reply: Reply;
    let failure: string | null = null;
    try {
      await h.pace();
      reply = this.cancelled ? [] : await h.behavior.reply(this.turn());
    } catch (e) {
      reply = [];
      failure = e instanceof Error ? e.message : String(e);
    }
    try {
      for (const [outputIndex, part] of reply.entries()) {
        if (this.cancelled) break;
        if (part.type === "function_call")
          await this.functionCall(outputIndex, part.name, part.arguments, part.call_id);
        else await this.message(outputIndex, part.text, part.audio);
      }
    } catch (e) {
      // A malformed reply part (e.g. a behaviour's `text` that is not a string) fails the
      // response; the session goes on.
      failure = e instanceof Error ? e.message : String(e);
    }
    this.finish(failure);
  }

  private turn(): Turn {
    const tools = Array.isArray(this.params.tools) ? this.params.tools : this.host.session.tools;
    const instructions = this.params.instructions ?? this.host.session.instructions;
    return {
      input: this.context.map(toTurnItem),
      modality: this.modality,
      instructions: typeof instructions === "string" ? instructions : "",
      tools: Array.isArray(tools)
        ? tools.flatMap((t) => (isObject(t) && typeof t.name === "string" ? [t.name] : []))
        : [],
      index: this.index,
    };
  }

  private addItem(outputIndex: number, item: JsonObject & { id: string }): void {
    const h = this.host;
    h.emit({
      type: "response.output_item.added",
      response_id: this.id,
      output_index: outputIndex,
      item: clone(item),
    });
    if (this.inConversation) {
      const stored: StoredItem = { item: clone(item), audio: new Map(), format: this.format };
      const at = h.conversation.insert(stored);
      h.emit({
        type: "conversation.item.added",
        previous_item_id: at.ok ? at.previousItemId : null,
        item: clone(item),
      });
    }
  }

  private doneItem(outputIndex: number, item: JsonObject & { id: string }, audio?: Buffer): void {
    const h = this.host;
    if (this.inConversation) {
      const stored = h.conversation.get(item.id);
      if (stored) {
        const cut = stored.truncatedMs !== undefined;
        // A truncate that came while the audio streamed stands: keep its audio and transcript,
        // and every later event shows what the user heard, not what was generated.
        if (cut) item = { ...item, content: clone(stored.item.content) };
        stored.item = clone(item);
        if (audio && !cut) stored.audio.set(0, audio);
        h.conversation.trimAudio();
      }
      h.emit({
        type: "conversation.item.done",
        previous_item_id: h.conversation.previousOf(item.id),
        item: clone(item),
      });
    }
    h.emit({
      type: "response.output_item.done",
      response_id: this.id,
      output_index: outputIndex,
      item: clone(item),
    });
    this.output.push(clone(item));
  }

  private async message(outputIndex: number, text: string, audio?: Int16Array): Promise<void> {
    const h = this.host;
    const itemId = makeId("item");
    const item = {
      id: itemId,
      type: "message",
      status: "in_progress",
      role: "assistant",
      content: [] as JsonValue[],
    };
    this.addItem(outputIndex, item);
    const ids = {
      response_id: this.id,
      item_id: itemId,
      output_index: outputIndex,
      content_index: 0,
    };
    if (this.modality === "text") {
      h.emit({ type: "response.content_part.added", ...ids, part: { type: "text", text: "" } });
      let sent = "";
      for (const w of words(this.fitText(text))) {
        await h.pace();
        if (this.cancelled) break;
        sent += w;
        h.emit({
          type: "response.output_text.delta",
          ...ids,
          delta: w,
          obfuscation: obfuscation(),
        });
      }
      this.outputTextTokens += tokensOfText(sent);
      if (!this.cancelled) h.emit({ type: "response.output_text.done", ...ids, text: sent });
      h.emit({ type: "response.content_part.done", ...ids, part: { type: "text", text: sent } });
      const status = this.cancelled || this.limited ? "incomplete" : "completed";
      this.doneItem(outputIndex, {
        ...item,
        status,
        content: [{ type: "output_text", text: sent }],
      });
      return;
    }
    h.emit({
      type: "response.content_part.added",
      ...ids,
      part: { type: "audio", transcript: "" },
    });
    // The part and the audio sent so far are in the conversation while they stream, so a
    // barge-in truncate of this item works before the response is done (as on the real service).
    const stored = this.inConversation ? h.conversation.get(itemId) : undefined;
    const streamingPart = { type: "output_audio", transcript: "" };
    if (stored) stored.item.content = [streamingPart];
    const source = audio
      ? givenAudio(audio)
      : speechLikeAudio(speechDurationMs(text), outputIndex + 1);
    const total = this.fitSamples(source.samples);
    const spoken =
      total < source.samples
        ? text.slice(0, Math.floor((text.length * total) / source.samples))
        : text;
    // Chunks are cut in samples (24 per ms), which is whole bytes in every format.
    const chunkSamples = Math.max(1, h.audioChunkMs) * 24;
    const chunks = Math.max(1, Math.ceil(total / chunkSamples));
    const ws = words(spoken);
    const sentAudio = new GrowingBuffer();
    let transcript = "";
    let wordAt = 0;
    let sentBytes = 0;
    h.audioProduced();
    for (let k = 0; k < chunks; k++) {
      await h.pace();
      if (this.cancelled) break;
      // Transcript deltas run slightly ahead of the audio, as on the real service.
      const wordsDue = Math.ceil(((k + 1) / chunks) * ws.length);
      while (wordAt < wordsDue) {
        const w = ws[wordAt++] ?? "";
        transcript += w;
        h.emit({
          type: "response.output_audio_transcript.delta",
          ...ids,
          delta: w,
          obfuscation: obfuscation(),
        });
      }
      const start = k * chunkSamples;
      const pcm = source.read(start, Math.min(chunkSamples, total - start));
      // PCM goes out as a view of the samples (only base64 reads it; the store copies it).
      const chunk =
        this.format.type === "audio/pcm" ? pcm16View(pcm) : encodeFromPcm24k(pcm, this.format);
      sentBytes += chunk.length;
      this.audioBytes += chunk.length;
      h.emit({ type: "response.output_audio.delta", ...ids, delta: chunk.toString("base64") });
      if (stored && stored.truncatedMs === undefined) {
        sentAudio.append(chunk);
        stored.audio.set(0, sentAudio.view());
        streamingPart.transcript = transcript;
      }
    }
    // After a truncate the transcript is the heard part only (the conversation has that one).
    const heard = stored?.truncatedMs !== undefined ? partTranscript(stored) : undefined;
    if (heard !== undefined) transcript = heard;
    if (!this.cancelled) {
      h.emit({ type: "response.output_audio.done", ...ids });
      h.emit({ type: "response.output_audio_transcript.done", ...ids, transcript });
    }
    h.emit({ type: "response.content_part.done", ...ids, part: { type: "audio", transcript } });
    this.outputTextTokens += tokensOfText(transcript);
    this.outputAudioTokens += Math.ceil(sentBytes / this.format.bytesPerMs / 50);
    const status = this.cancelled || this.limited ? "incomplete" : "completed";
    const final = { ...item, status, content: [{ type: "output_audio", transcript }] };
    this.doneItem(outputIndex, final, sentAudio.copy());
  }

  private remainingTokens(): number {
    const max = this.params.max_output_tokens ?? this.host.session.max_output_tokens;
    const budget = typeof max === "number" ? max : Number.POSITIVE_INFINITY;
    return Math.max(0, budget - this.outputTextTokens - this.outputAudioTokens);
  }

  /** Cuts text to the `max_output_tokens` left (about 4 characters a token). */
  private fitText(text: string): string {
    const left = this.remainingTokens();
    if (tokensOfText(text) <= left) return text;
    this.limited = true;
    return text.slice(0, left * 4);
  }

  /** Cuts a number of audio samples to the `max_output_tokens` left (20 audio tokens a second). */
  private fitSamples(samples: number): number {
    const maxSamples = this.remainingTokens() * 50 * 24;
    if (samples <= maxSamples) return samples;
    this.limited = true;
    return maxSamples;
  }

  private async functionCall(
    outputIndex: number,
    name: string,
    args: string,
    callId?: string,
  ): Promise<void> {
    const h = this.host;
    const itemId = makeId("item");
    const call_id = callId ?? makeId("call");
    const item = {
      id: itemId,
      type: "function_call",
      status: "in_progress",
      name,
      call_id,
      arguments: "",
    };
    this.addItem(outputIndex, item);
    const ids = { response_id: this.id, item_id: itemId, output_index: outputIndex, call_id };
    let sent = "";
    for (let i = 0; i < args.length; i += 16) {
      await h.pace();
      if (this.cancelled) break;
      const delta = args.slice(i, i + 16);
      sent += delta;
      h.emit({
        type: "response.function_call_arguments.delta",
        ...ids,
        delta,
        obfuscation: obfuscation(),
      });
    }
    if (!this.cancelled)
      h.emit({ type: "response.function_call_arguments.done", ...ids, name, arguments: sent });
    this.outputTextTokens += tokensOfText(sent);
    this.doneItem(outputIndex, {
      ...item,
      status: this.cancelled ? "incomplete" : "completed",
      arguments: sent,
    });
  }

  private usage(): JsonObject {
    let textIn = tokensOfText(
      String(this.params.instructions ?? this.host.session.instructions ?? ""),
    );
    let audioIn = 0;
    for (const s of this.context) {
      textIn += tokensOfText(toTurnItem(s).text);
      // About 10 tokens per second of input audio, 20 per second of output audio.
      const samples = audioSamples(s);
      if (samples > 0) audioIn += Math.ceil(samples / 2400);
    }
    const input = textIn + audioIn;
    const output = this.outputTextTokens + this.outputAudioTokens;
    return {
      total_tokens: input + output,
      input_tokens: input,
      output_tokens: output,
      input_token_details: {
        text_tokens: textIn,
        audio_tokens: audioIn,
        image_tokens: 0,
        cached_tokens: 0,
        cached_tokens_details: { text_tokens: 0, audio_tokens: 0, image_tokens: 0 },
      },
      output_token_details: {
        text_tokens: this.outputTextTokens,
        audio_tokens: this.outputAudioTokens,
      },
    };
  }

  private finish(failure: string | null): void {
    const h = this.host;
    const usage = this.usage();
    let status = "completed";
    let details: JsonValue = null;
    if (this.state.status === "cancelling") {
      status = "cancelled";
      details = { type: "cancelled", reason: this.state.reason };
    } else if (this.limited) {
      status = "incomplete";
      details = { type: "incomplete", reason: "max_output_tokens" };
    } else if (failure !== null) {
      status = "failed";
      details = {
        type: "failed",
        error: { type: "server_error", code: "behavior_failed", message: failure },
      };
    }
    this.state = { status: "done" };
    h.emit({ type: "response.done", response: this.responseObject(status, details, usage) });
    h.finished(this);
    const used = Number(usage.total_tokens);
    void h.pace().then(() =>
      h.emit({
        type: "rate_limits.updated",
        rate_limits: [
          {
            name: "tokens",
            limit: 40000,
            remaining: Math.max(0, 40000 - used),
            reset_seconds: 0.5,
          },
        ],
      }),
    );
  }
}
