import { deferred, type Logger, type ServerEvent } from "@echo/core";
import { fastAppend } from "./append-fast-path.js";
import { decodeNative } from "./audio/pcm.js";
import type { Behavior } from "./behavior.js";
import { describeAudio } from "./behaviors/parrot.js";
import { Conversation, type StoredItem, withAudio } from "./conversation.js";
import { type FaultAction, type FaultRule, type FaultTrigger, matches } from "./faults.js";
import { makeId } from "./ids.js";
import { InputAudioBuffer } from "./input-audio-buffer.js";
import { createItem, deleteItem, type ItemHost, retrieveItem, truncateItem } from "./items.js";
import { clone, isObject, type JsonObject, type JsonValue } from "./json.js";
import { findTooDeep, MAX_JSON_DEPTH } from "./json-depth.js";
import { maxDurationReason } from "./limits.js";
import { createPacer } from "./pacer.js";
import { RecentEvents } from "./recent-events.js";
import { type CancelReason, type ResponseHost, ResponseRun } from "./response.js";
import { resolveResponseInput } from "./response-input.js";
import { type AudioFormat, inputFormat, turnDetection } from "./session-config.js";
import { checkSessionUpdate } from "./session-update.js";
import { transcriptionEvents } from "./transcription.js";
import { EnergyVad } from "./vad.js";
import { vadSettingsFor } from "./vad-settings.js";
import { type ClientMessage, checkClientEvent } from "./validate.js";
import type { SessionWire, WireFrame } from "./wire.js";
import { invalidRequest, serverError, tooDeep, type WireError } from "./wire-error.js";

/** Settings a session gets from its server. */
export interface SessionSettings {
  behavior: Behavior;
  pingIntervalMs: number;
  maxSessionMs: number;
  audioChunkMs: number;
  deltaIntervalMs: number;
  sessionUpdateDelayMs: number;
  faults: readonly FaultRule[];
  log: Logger;
  now: () => number;
}

type WithOptionalId<E> = E extends { event_id: string }
  ? Omit<E, "event_id"> & { event_id?: string }
  : never;

/** Any GA server event, with `event_id` optional (the mock adds one): what a test may inject. */
export type InjectedServerEvent = WithOptionalId<ServerEvent>;

/** How a session's socket ended. */
export interface SessionEnd {
  /** The close code (1006 when the socket was dropped). */
  code: number;
  /** The close reason. */
  reason: string;
}

/** A handle on one open mock session, for tests: inspect it and inject faults. */
export interface MockSessionHandle {
  /** The session id (`sess_…`). */
  readonly id: string;
  /** The effective session config (a copy). */
  readonly config: JsonObject;
  /** The default conversation's items with their audio (copies). */
  items(): JsonObject[];
  /**
   * The most recent client events received (parsed, valid or not), oldest first: at most 1,000
   * events and 256 KiB of JSON (about 7 s of 20 ms appends), so long sessions stay small.
   */
  readonly received: readonly JsonValue[];
  /** Sends a server event as is (an `event_id` is added when missing). */
  send(event: InjectedServerEvent): void;
  /** Sends a raw text frame (e.g. malformed JSON). */
  sendRaw(data: string): void;
  /** Applies a fault now. */
  fault(action: FaultAction): void;
  /** Resumes after a `stall` or `slow_reader` fault. */
  resume(): void;
  /** Closes the socket with a code and reason. */
  close(code?: number, reason?: string): void;
  /** Resolves when the socket has closed. */
  readonly ended: Promise<SessionEnd>;
}

type Flow =
  | { mode: "normal" }
  | { mode: "stalled"; queue: string[] }
  | { mode: "slow"; timer: NodeJS.Timeout };

/**
 * One session of the mock: the protocol state machine after a successful handshake, over any
 * {@link SessionWire} (a WebSocket, or a WebRTC data channel).
 */
export class MockSession implements MockSessionHandle {
  readonly id = makeId("sess");
  private readonly recent = new RecentEvents();
  private effective: JsonObject;
  private readonly conversation = new Conversation(makeId("conv"));
  private flow: Flow = { mode: "normal" };
  private readonly faultCounts = new Map<FaultRule, number>();
  private readonly endDeferred = deferred<SessionEnd>();
  readonly ended = this.endDeferred.promise;
  private open = true;
  private readonly timers: NodeJS.Timeout[] = [];
  private awaitingPong = false;
  // Input audio since the last commit/clear, on the session's input timeline.
  private readonly input = new InputAudioBuffer();
  private vad: EnergyVad | null = null;
  private speechItemId: string | null = null;
  private readonly runs = new Set<ResponseRun>();
  private defaultRun: ResponseRun | null = null;
  private responseCount = 0;
  private autoResponsePending = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private voiceLocked = false;
  /** Counters for tests and metrics. */
  readonly counts = { received: 0, sent: 0 };
  private readonly sidebands = new Set<SessionWire>();
  /** The view of this session the item handlers in items.ts work through. */
  private readonly itemHost: ItemHost = {
    conversation: this.conversation,
    inputFormat: () => this.format,
    emit: (event) => this.emit(event),
    sendError: (error) => this.sendError(error),
  };

  constructor(
    private readonly wire: SessionWire,
    private readonly settings: SessionSettings,
    initial: (id: string, expiresAt: number) => JsonObject,
    private readonly onEnd: (s: MockSession, end: SessionEnd) => void,
  ) {
    const expiresAt = Math.floor((settings.now() + settings.maxSessionMs) / 1000);
    this.effective = initial(this.id, expiresAt);
    this.inputFormat = inputFormat(this.effective);
    this.resetVad();
    wire.listen({
      frame: (frame) => this.onFrame(frame),
      pong: () => {
        this.awaitingPong = false;
      },
      closed: (code, reason) => this.wireClosed(code, reason),
      error: (err) =>
        settings.log({ level: "warn", msg: "socket error", session: this.id, error: err.message }),
    });
    this.emit({ type: "session.created", session: clone(this.effective) });
    if (wire.ping)
      this.timers.push(
        setInterval(
          () => this.guarded("heartbeat failed", () => this.heartbeat()),
          settings.pingIntervalMs,
        ).unref(),
      );
    this.timers.push(
      setTimeout(() => {
        this.settings.log({
          level: "info",
          msg: "session hit its maximum duration",
          session: this.id,
        });
        this.close(1001, maxDurationReason(settings.maxSessionMs));
      }, settings.maxSessionMs).unref(),
    );
    this.checkFaults({ on: "open" });
  }

  get received(): readonly JsonValue[] {
    return this.recent.list();
  }

  get config(): JsonObject {
    return clone(this.effective);
  }

  items(): JsonObject[] {
    return this.conversation.list().map(withAudio);
  }

  // ---- output --------------------------------------------------------------------------

  /** Sends a server event: adds `event_id`, applies server-event faults, respects stalls. */
  emit(event: JsonObject & { type: string }): void {
    if (!this.open) return;
    if (this.checkFaults({ on: "server_event", type: event.type }) === "swallow") return;
    if (!this.open) return;
    if (event.type === "response.output_audio.delta" && typeof event.delta === "string") {
      // The hottest event: its 13 KB of base64 is spliced in, not run through JSON.stringify
      // (base64 needs no escaping); the frame is the same text either way.
      const { type, delta, ...ids } = event;
      const head = JSON.stringify({ type, event_id: makeId("event"), ...ids });
      this.write(`${head.slice(0, -1)},"delta":"${delta}"}`);
      return;
    }
    const { type, ...rest } = event;
    this.write(JSON.stringify({ type, event_id: makeId("event"), ...rest }));
  }

  send(event: InjectedServerEvent): void {
    if (!this.open) return;
    const e = event as unknown as JsonObject & { type: string };
    const { type, ...rest } = e;
    this.write(JSON.stringify({ type, event_id: e.event_id ?? makeId("event"), ...rest }));
  }

  sendRaw(data: string): void {
    if (this.open) this.write(data);
  }

  private write(frame: string): void {
    if (this.flow.mode === "stalled") {
      this.flow.queue.push(frame);
      return;
    }
    this.counts.sent++;
    this.wire.send(frame);
    for (const side of this.sidebands) side.send(frame);
  }

  /**
   * Attaches a sideband connection (`?call_id=<this session's id>`): it gets `session.created`
   * with the current config, then every event of the session, and may send client events.
   */
  attachSideband(side: SessionWire): void {
    this.sidebands.add(side);
    side.listen({
      frame: (frame) => this.onFrame(frame),
      pong: () => {},
      closed: () => this.sidebands.delete(side),
      error: () => this.sidebands.delete(side),
    });
    side.send(
      JSON.stringify({
        type: "session.created",
        event_id: makeId("event"),
        session: clone(this.effective),
      }),
    );
  }

  private sendError(error: WireError): void {
    this.emit({ type: "error", error: { ...error } });
  }

  // ---- liveness and ending -----------------------------------------------------------

  private heartbeat(): void {
    if (!this.open || this.flow.mode === "stalled") return;
    if (this.awaitingPong) {
      this.settings.log({
        level: "info",
        msg: "client did not answer ping; dropping",
        session: this.id,
      });
      this.wire.terminate();
      return;
    }
    this.awaitingPong = true;
    this.wire.ping?.();
  }

  close(code = 1000, reason = ""): void {
    if (!this.open) return;
    this.flushStall();
    this.wire.close(code, reason);
  }

  /** The wire is gone: stop every timer and response, end the sidebands, settle `ended`. */
  private wireClosed(code: number, reason: string): void {
    if (!this.open) return;
    this.open = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.length = 0;
    this.disarmIdle();
    // The call is over: its sideband connections end with it.
    for (const side of this.sidebands)
      side.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    this.sidebands.clear();
    if (this.flow.mode === "slow") clearInterval(this.flow.timer);
    for (const run of this.runs) run.cancel("client_cancelled");
    const end = { code, reason };
    this.endDeferred.resolve(end);
    this.onEnd(this, end);
  }

  // ---- faults --------------------------------------------------------------------------

  private checkFaults(moment: FaultTrigger): "swallow" | "pass" {
    let outcome: "swallow" | "pass" = "pass";
    for (const rule of this.settings.faults) {
      if (!matches(rule, moment)) continue;
      const used = this.faultCounts.get(rule) ?? 0;
      if (used >= (rule.times ?? 1)) continue;
      this.faultCounts.set(rule, used + 1);
      this.fault(rule.action);
      if (rule.action.kind === "drop" || rule.action.kind === "close") outcome = "swallow";
    }
    return outcome;
  }

  fault(action: FaultAction): void {
    if (!this.open) return;
    this.settings.log({
      level: "info",
      msg: "injecting fault",
      session: this.id,
      fault: action.kind,
    });
    switch (action.kind) {
      case "drop":
        this.wire.terminate();
        return;
      case "stall":
        if (this.flow.mode === "slow") clearInterval(this.flow.timer);
        this.flow = { mode: "stalled", queue: this.flow.mode === "stalled" ? this.flow.queue : [] };
        this.wire.pause();
        return;
      case "malformed":
        this.write(action.data ?? '{"type":"response.output_text.delta",');
        return;
      case "error": {
        const error: WireError = {
          ...invalidRequest("injected_fault", "An error injected by the mock server."),
          ...action.error,
        };
        this.write(JSON.stringify({ type: "error", event_id: makeId("event"), error }));
        if (action.close) this.close(action.close.code, action.close.reason);
        return;
      }
      case "close":
        this.close(action.code, action.reason);
        return;
      case "slow_reader": {
        this.resume();
        this.wire.pause();
        const timer = setInterval(() => {
          this.wire.resume();
          setImmediate(() => {
            if (this.flow.mode === "slow") this.wire.pause();
          });
        }, action.readEveryMs);
        this.flow = { mode: "slow", timer };
        return;
      }
    }
  }

  private flushStall(): void {
    if (this.flow.mode !== "stalled") return;
    const queue = this.flow.queue;
    this.flow = { mode: "normal" };
    for (const frame of queue) {
      this.counts.sent++;
      this.wire.send(frame);
      for (const side of this.sidebands) side.send(frame);
    }
  }

  resume(): void {
    if (this.flow.mode === "slow") {
      clearInterval(this.flow.timer);
      this.flow = { mode: "normal" };
    }
    this.flushStall();
    this.wire.resume();
  }

  // ---- input ---------------------------------------------------------------------------

  /** One client frame, inside its own error boundary: a fault answers this client, nobody else. */
  private onFrame(frame: WireFrame): void {
    this.counts.received++;
    this.guarded("client event handler failed", () => this.handleFrame(frame));
  }

  /**
   * Runs session work (a frame, a timer, a response) so that a fault in it is logged and answered
   * with a `server_error` to this client, and never reaches the process.
   */
  private guarded(what: string, work: () => void): void {
    try {
      work();
    } catch (e) {
      this.faulted(what, e);
    }
  }

  private faulted(what: string, e: unknown): void {
    this.settings.log({
      level: "error",
      msg: what,
      session: this.id,
      error: e instanceof Error ? e.message : String(e),
    });
    if (this.open) this.sendError(serverError());
  }

  private handleFrame(frame: WireFrame): void {
    if (frame.kind === "binary") {
      this.sendError(
        invalidRequest(
          "invalid_event",
          "Expected a text WebSocket message containing a JSON event, but got a binary message instead.",
        ),
      );
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(frame.text);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      this.sendError(
        invalidRequest("invalid_json", `The server failed to parse the event as JSON: ${detail}`),
      );
      return;
    }
    this.recent.push(parsed as JsonValue, frame.text.length);
    const eventId =
      isObject(parsed) && typeof parsed.event_id === "string" ? parsed.event_id : null;
    if (isObject(parsed) && parsed.type === "input_audio_buffer.append") {
      const bytes = fastAppend(parsed);
      if (bytes) {
        this.appendBytes(bytes);
        this.checkFaults({ on: "client_event", type: "input_audio_buffer.append" });
        return;
      }
    }
    // Checked before anything recursive (schema, clone) sees the value.
    const deep = findTooDeep(parsed);
    if (deep) {
      this.sendError(tooDeep(deep.param, MAX_JSON_DEPTH, eventId));
      return;
    }
    const checked = checkClientEvent(parsed);
    if (!checked.ok) {
      const r = checked.rejection;
      this.sendError(invalidRequest(r.code, r.message, r.param, eventId));
      return;
    }
    this.handle(checked.event, eventId);
    this.checkFaults({ on: "client_event", type: checked.event.type });
  }

  private handle(ev: ClientMessage, eventId: string | null): void {
    switch (ev.type) {
      case "session.update":
        this.sessionUpdate(ev, eventId);
        return;
      case "input_audio_buffer.append":
        this.append(String(ev.audio));
        return;
      case "input_audio_buffer.commit":
        this.commit(eventId);
        return;
      case "input_audio_buffer.clear":
        this.clear();
        return;
      case "conversation.item.create":
        createItem(this.itemHost, ev, eventId);
        return;
      case "conversation.item.retrieve":
        retrieveItem(this.itemHost, String(ev.item_id), eventId);
        return;
      case "conversation.item.delete":
        deleteItem(this.itemHost, String(ev.item_id), eventId);
        return;
      case "conversation.item.truncate":
        truncateItem(this.itemHost, ev, eventId);
        return;
      case "response.create":
        this.responseCreate(ev, eventId);
        return;
      case "response.cancel":
        this.responseCancel(ev, eventId);
        return;
      default:
        return;
    }
  }

  // ---- session.update ---------------------------------------------------------------------

  private sessionUpdate(ev: ClientMessage, eventId: string | null): void {
    const checked = checkSessionUpdate(
      this.effective,
      ev.session as JsonObject,
      this.voiceLocked,
      eventId,
    );
    if (!checked.ok) {
      this.sendError(checked.error);
      return;
    }
    const { next, vadChanged } = checked;
    this.effective = next;
    this.inputFormat = inputFormat(next);
    if (vadChanged) {
      this.resetVad();
      this.disarmIdle();
    }
    const reply = () => this.emit({ type: "session.updated", session: clone(this.effective) });
    if (this.settings.sessionUpdateDelayMs > 0) {
      this.timers.push(
        setTimeout(
          () => this.guarded("session.updated failed", reply),
          this.settings.sessionUpdateDelayMs,
        ),
      );
    } else reply();
  }

  // ---- input audio ------------------------------------------------------------------------

  // Read on every append: kept in step with `effective` instead of derived each time.
  private inputFormat: AudioFormat;

  private get format(): AudioFormat {
    return this.inputFormat;
  }

  private resetVad(): void {
    const td = turnDetection(this.effective);
    this.speechItemId = null;
    if (!td) {
      this.vad = null;
      return;
    }
    const format = this.format;
    this.vad = new EnergyVad(
      vadSettingsFor(td),
      format.type === "audio/pcm" ? 24000 : 8000,
      this.input.totalBytes / format.bytesPerMs,
    );
  }

  private append(b64: string): void {
    this.appendBytes(Buffer.from(b64, "base64"));
  }

  private appendBytes(decoded: Buffer): void {
    const format = this.format;
    const bytes = this.input.append(decoded, format);
    if (bytes.length === 0) return;
    if (!this.vad) return;
    const { samples } = decodeNative(bytes, format);
    for (const ev of this.vad.push(samples)) {
      if (ev.type === "speech_started") this.speechStarted(ev.audioStartMs);
      else this.speechStopped(ev.audioEndMs);
    }
  }

  private speechStarted(startMs: number): void {
    const audioStartMs = Math.max(startMs, this.input.startMs);
    this.speechItemId = makeId("item");
    this.emit({
      type: "input_audio_buffer.speech_started",
      audio_start_ms: audioStartMs,
      item_id: this.speechItemId,
    });
    this.disarmIdle();
    // Drop the audio before the prefix padding: it never reaches the model.
    this.takeAudio(this.input.startMs, audioStartMs);
    const td = turnDetection(this.effective);
    if (td?.interruptResponse && this.defaultRun?.active) this.defaultRun.cancel("turn_detected");
  }

  private speechStopped(endMs: number): void {
    const itemId = this.speechItemId ?? makeId("item");
    this.speechItemId = null;
    this.emit({ type: "input_audio_buffer.speech_stopped", audio_end_ms: endMs, item_id: itemId });
    const audio = this.takeAudio(this.input.startMs, endMs);
    this.commitAudio(itemId, audio);
    const td = turnDetection(this.effective);
    if (!td?.createResponse || this.effective.type !== "realtime") return;
    // A response still winding down (e.g. cancelled by this very turn) answers first.
    if (this.defaultRun?.active) this.autoResponsePending = true;
    else this.startResponse({}, null);
  }

  private disarmIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** Starts `idle_timeout_ms`, counted from when the response's audio would have finished playing. */
  private armIdle(playbackMs: number): void {
    this.disarmIdle();
    const td = turnDetection(this.effective);
    if (td?.type !== "server_vad" || td.idleTimeoutMs === null || !this.open) return;
    this.idleTimer = setTimeout(
      () => this.guarded("idle timeout failed", () => this.idleTimeout()),
      playbackMs + td.idleTimeoutMs,
    );
    this.idleTimer.unref();
  }

  private idleTimeout(): void {
    this.idleTimer = null;
    if (!this.open || this.vad?.inSpeech || this.defaultRun?.active) return;
    const itemId = makeId("item");
    const startMs = this.input.startMs;
    const endMs = this.input.startMs + this.input.byteLength / this.format.bytesPerMs;
    this.emit({
      type: "input_audio_buffer.timeout_triggered",
      audio_start_ms: startMs,
      audio_end_ms: endMs,
      item_id: itemId,
    });
    this.vad?.reset();
    this.commitAudio(itemId, this.takeAudio(startMs, endMs));
    this.startResponse({}, null);
  }

  /** Removes [fromMs, toMs) from the front of the buffer and returns those bytes. */
  private takeAudio(fromMs: number, toMs: number): Buffer {
    return this.input.take(fromMs, toMs, this.format.bytesPerMs);
  }

  private commitAudio(itemId: string, audio: Buffer): void {
    const previous = this.conversation.lastId();
    this.emit({
      type: "input_audio_buffer.committed",
      previous_item_id: previous,
      item_id: itemId,
    });
    const item = {
      id: itemId,
      type: "message",
      status: "completed",
      role: "user",
      content: [{ type: "input_audio", transcript: null }],
    };
    const stored: StoredItem = { item, audio: new Map([[0, audio]]), format: this.format };
    this.conversation.insert(stored);
    this.conversation.trimAudio();
    this.emit({ type: "conversation.item.added", previous_item_id: previous, item: clone(item) });
    this.emit({ type: "conversation.item.done", previous_item_id: previous, item: clone(item) });
    this.transcribe(stored);
  }

  private transcribe(stored: StoredItem): void {
    const audio =
      isObject(this.effective.audio) && isObject(this.effective.audio.input)
        ? this.effective.audio.input
        : {};
    if (!isObject(audio.transcription)) return;
    const transcribe = this.settings.behavior.transcribe ?? describeAudio;
    const events = transcriptionEvents(stored, transcribe);
    const completed = events.at(-1);
    // The item keeps its transcript, as on the real service: a later retrieve shows the words.
    const part = Array.isArray(stored.item.content) ? stored.item.content[0] : undefined;
    if (isObject(part) && typeof completed?.transcript === "string")
      part.transcript = completed.transcript;
    for (const event of events) this.emit(event);
  }

  private commit(eventId: string | null): void {
    const ms = this.input.byteLength / this.format.bytesPerMs;
    if (ms < 100) {
      this.sendError(
        invalidRequest(
          "input_audio_buffer_commit_empty",
          `Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has ${ms.toFixed(2)}ms of audio.`,
          null,
          eventId,
        ),
      );
      return;
    }
    const itemId = this.speechItemId ?? makeId("item");
    this.speechItemId = null;
    this.vad?.reset();
    const audio = this.takeAudio(this.input.startMs, this.input.startMs + ms);
    this.commitAudio(itemId, audio);
  }

  private clear(): void {
    this.takeAudio(
      this.input.startMs,
      this.input.startMs + this.input.byteLength / this.format.bytesPerMs,
    );
    this.speechItemId = null;
    this.vad?.reset();
    this.emit({ type: "input_audio_buffer.cleared" });
  }

  // ---- responses ----------------------------------------------------------------------------

  private responseCreate(ev: ClientMessage, eventId: string | null): void {
    if (this.effective.type !== "realtime") {
      this.sendError(
        invalidRequest(
          "invalid_value",
          "Transcription sessions do not create responses.",
          "type",
          eventId,
        ),
      );
      return;
    }
    const params = isObject(ev.response) ? ev.response : {};
    if (params.conversation !== "none" && this.defaultRun?.active) {
      this.sendError(
        invalidRequest(
          "conversation_already_has_active_response",
          `Conversation already has an active response in progress: ${this.defaultRun.id}. Wait until the response is finished before creating a new one.`,
          null,
          eventId,
        ),
      );
      return;
    }
    this.startResponse(params, eventId);
  }

  private startResponse(params: JsonObject, _eventId: string | null): void {
    this.disarmIdle();
    const pace = createPacer(this.settings.deltaIntervalMs, this.wire);
    const host: ResponseHost = {
      emit: (e) => this.emit(e),
      pace,
      conversation: this.conversation,
      session: this.effective,
      behavior: this.settings.behavior,
      audioChunkMs: this.settings.audioChunkMs,
      audioProduced: () => {
        this.voiceLocked = true;
      },
      finished: (run) => {
        this.runs.delete(run);
        if (this.defaultRun !== run) return;
        this.defaultRun = null;
        this.armIdle(run.audioMs);
        if (this.autoResponsePending && this.open) {
          this.autoResponsePending = false;
          this.startResponse({}, null);
        }
      },
    };
    const run = new ResponseRun(
      host,
      params,
      this.responseCount++,
      resolveResponseInput(params, this.conversation, this.format),
    );
    this.runs.add(run);
    if (run.inConversation) this.defaultRun = run;
    run.run().catch((e: unknown) => this.faulted("response failed", e));
  }

  private responseCancel(ev: ClientMessage, eventId: string | null): void {
    const wanted = typeof ev.response_id === "string" ? ev.response_id : undefined;
    const run = wanted ? [...this.runs].find((r) => r.id === wanted) : this.defaultRun;
    if (!run?.cancel("client_cancelled" satisfies CancelReason)) {
      this.sendError(
        invalidRequest(
          "response_cancel_not_active",
          "Cancellation failed: no active response found.",
          null,
          eventId,
        ),
      );
    }
  }
}
