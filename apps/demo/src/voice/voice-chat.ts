import {
  type AudioSource,
  captureAudio,
  type Session,
  SessionClosedError,
  type SessionEvent,
  type Speaker,
  type StopCapture,
  stream,
  type Voice,
} from "@echo/core";
import type { ChatEnd } from "../chat.js";
import type { VoiceAudio } from "./audio.js";
import { MeterBallistics } from "./ballistics.js";
import { type Command, type KeyAction, PushToTalkHold } from "./keys.js";
import { SpeechClock } from "./speech-clock.js";
import {
  initialVoiceState,
  type MicMode,
  reduceVoice,
  SILENCE_DB,
  type VoiceAction,
  type VoiceState,
} from "./state.js";

/** Options of {@link startVoiceChat}. */
export interface VoiceChatOptions {
  /** The assistant's voice (default `alloy`). */
  voice?: Voice;
  /** Ask for a first reply right away, so the user hears the loop work (default `true`). */
  greet?: boolean;
  /** Called with each new state (the screen draws it). */
  show(state: VoiceState): void;
  /** How often levels are sampled for the meters, in ms (default 100). */
  meterIntervalMs?: number;
  /** Wall clock in ms (default `performance.now`). */
  now?: () => number;
  /** Push-to-talk hold detection (tests shorten it). */
  hold?: ConstructorParameters<typeof PushToTalkHold>[1];
}

/** A running voice chat. */
export interface VoiceChat {
  /** Resolves with how the chat ended: the user left, or the session closed. */
  readonly done: Promise<ChatEnd>;
  /** A key press or typed command from the terminal. */
  handle(action: KeyAction): void;
  /** The current state. */
  readonly state: VoiceState;
}

/** The server VAD's silence window: the turn ends this long after the user stops talking. */
export const SILENCE_MS = 500;

const INSTRUCTIONS =
  "You are a friendly voice assistant in a terminal demo. Keep answers to one or two short sentences. Start by greeting the user in one short sentence.";

const serverVad = {
  type: "server_vad",
  threshold: 0.5,
  prefix_padding_ms: 300,
  silence_duration_ms: SILENCE_MS,
  create_response: true,
  interrupt_response: true,
} as const;

/**
 * Runs a voice conversation: the microphone streams to the session (server VAD ends turns),
 * the assistant's audio plays on the speaker, barge-in truncates at what was heard, and every
 * change (transcripts, levels, latency, mute) is given to `show`.
 */
export function startVoiceChat(
  session: Session<SessionEvent>,
  audio: VoiceAudio,
  options: VoiceChatOptions,
): VoiceChat {
  const now = options.now ?? (() => performance.now());
  let state = initialVoiceState();
  const dispatch = (action: VoiceAction) => {
    state = reduceVoice(state, action);
    options.show(state);
  };
  const onError = (error: unknown) => {
    if (error instanceof SessionClosedError) return;
    dispatch({ type: "note", text: error instanceof Error ? error.message : String(error) });
  };
  const send = (event: Parameters<Session["put"]>[0]) => session.put(event).catch(onError);

  // Time each mic frame that reaches the session, to place "end of speech" on the wall clock.
  const clock = new SpeechClock();
  const microphone: AudioSource = {
    subscribe(sink) {
      return audio.microphone.subscribe({
        frame(samples) {
          clock.frame(samples.length, now() - samples.length / 24 - audio.inputLatencyMs);
          sink.frame(samples);
        },
        end(error) {
          sink.end(error);
        },
      });
    },
  };
  // Note when each reply's first audio is heard: write time + what is queued ahead + latency.
  const started = new Set<string>();
  const speaker: Speaker = {
    write(samples, position) {
      if (!started.has(position.itemId)) {
        started.add(position.itemId);
        const at = now() + audio.queuedMs + audio.outputLatencyMs;
        dispatch({ type: "first-audio", itemId: position.itemId, at });
      }
      audio.speaker.write(samples, position);
    },
    stop: () => audio.speaker.stop(),
    playedMs: (position) => audio.speaker.playedMs(position),
  };

  const { events, stopAudio } = stream(session, { speaker, onError });
  let stopCapture: StopCapture | undefined;

  let inputDb = state.inputDb;
  let outputDb = state.outputDb;
  const inputMeter = new MeterBallistics(SILENCE_DB);
  const outputMeter = new MeterBallistics(SILENCE_DB);
  const unsubscribe = [
    audio.onInputLevel((db) => {
      inputDb = inputMeter.update(db, now());
    }),
    audio.onOutputLevel((db) => {
      outputDb = outputMeter.update(db, now());
    }),
  ];
  const meters = setInterval(() => {
    const playing = audio.queuedMs > 0;
    if (
      inputDb !== state.inputDb ||
      outputDb !== state.outputDb ||
      playing !== state.assistantSpeaking
    ) {
      dispatch({ type: "levels", inputDb, outputDb, playing });
    }
  }, options.meterIntervalMs ?? 100);

  let finish: (end: ChatEnd) => void = () => {};
  const ended = new Promise<ChatEnd>((resolve) => {
    finish = resolve;
  });
  let over = false;
  const end = (how: ChatEnd) => {
    if (over) return;
    over = true;
    clearInterval(meters);
    for (const off of unsubscribe) off();
    hold.release();
    finish(how);
  };

  const setMic = (mic: MicMode) => {
    audio.setMuted(mic.kind === "muted");
    audio.setPushToTalk(mic.kind === "push-to-talk");
    audio.setHeld(mic.kind === "push-to-talk" && mic.held);
    dispatch({ type: "mic", mic });
  };

  /** Stops the reply: cancels the response if one is running, stops playback, truncates. */
  const interrupt = async () => {
    if (state.responding) await send({ type: "response.cancel" });
    await stopAudio().catch(onError);
    dispatch({ type: "interrupted" });
  };

  const hold = new PushToTalkHold((held) => {
    if (state.mic.kind !== "push-to-talk") return;
    setMic({ kind: "push-to-talk", held });
    if (held) {
      // Talking over the assistant stops it; the new turn starts from an empty buffer.
      void interrupt().then(() => send({ type: "input_audio_buffer.clear" }));
      return;
    }
    dispatch({ type: "speech-ended", at: now() });
    // Let the last captured frames reach the session before committing the turn.
    setTimeout(() => {
      void send({ type: "input_audio_buffer.commit" }).then(() =>
        send({ type: "response.create" }),
      );
    }, 60);
  }, options.hold);

  const togglePushToTalk = async () => {
    const on = state.mic.kind !== "push-to-talk";
    hold.release();
    // Push-to-talk turns are committed by hand; open-mic turns by the server's VAD.
    await send({
      type: "session.update",
      session: { type: "realtime", audio: { input: { turn_detection: on ? null : serverVad } } },
    });
    setMic(on ? { kind: "push-to-talk", held: false } : { kind: "open" });
    dispatch({
      type: "notice",
      text: on ? "push-to-talk: hold space to talk" : "open mic: just talk",
    });
  };

  const toggleMute = async () => {
    if (state.mic.kind === "muted") {
      setMic({ kind: "open" });
      dispatch({ type: "notice", text: "microphone on" });
      return;
    }
    hold.release();
    if (state.mic.kind === "push-to-talk") {
      await send({
        type: "session.update",
        session: { type: "realtime", audio: { input: { turn_detection: serverVad } } },
      });
    }
    setMic({ kind: "muted" });
    // Drop a half-said turn: what was said before muting is not sent as a question.
    await send({ type: "input_audio_buffer.clear" });
    dispatch({ type: "notice", text: "microphone muted (m unmutes)" });
  };

  const run = (command: Command) => {
    switch (command.kind) {
      case "help":
        dispatch({ type: "help", show: !state.help });
        return;
      case "quit":
        end({ by: "user" });
        return;
      case "mute":
        if (state.mic.kind !== "muted") void toggleMute();
        return;
      case "unmute":
        if (state.mic.kind === "muted") void toggleMute();
        return;
      case "unknown":
        dispatch({ type: "notice", text: `unknown command ${command.text}: /help lists them` });
        return;
    }
  };

  const handle = (action: KeyAction) => {
    if (over) return;
    switch (action.type) {
      case "ctrl-c":
        if (state.responding || state.assistantSpeaking || audio.queuedMs > 0) {
          void interrupt();
          dispatch({ type: "notice", text: "interrupted (Ctrl-C again leaves)" });
        } else end({ by: "user" });
        return;
      case "toggle-mute":
        void toggleMute();
        return;
      case "toggle-push-to-talk":
        void togglePushToTalk();
        return;
      case "talk":
        if (state.mic.kind === "push-to-talk") hold.press();
        else dispatch({ type: "notice", text: "space talks in push-to-talk mode: press p first" });
        return;
      case "toggle-help":
        dispatch({ type: "help", show: !state.help });
        return;
      case "close-help":
        dispatch({ type: "help", show: false });
        return;
      case "edit":
        dispatch({ type: "command", text: action.text });
        return;
      case "run":
        run(action.command);
        return;
    }
  };

  void (async () => {
    await send({
      type: "session.update",
      session: {
        type: "realtime",
        output_modalities: ["audio"],
        instructions: INSTRUCTIONS,
        audio: {
          input: { transcription: { model: "gpt-4o-mini-transcribe" }, turn_detection: serverVad },
          output: { voice: options.voice ?? "alloy" },
        },
      },
    });
    if (options.greet !== false) await send({ type: "response.create" });
    stopCapture = captureAudio(session, microphone, { intervalMs: 20, onError });
    for await (const ev of events) {
      if (ev.type === "input_audio_buffer.speech_stopped") {
        const at = clock.wallTimeOf(Math.max(0, ev.audio_end_ms - SILENCE_MS));
        dispatch({ type: "speech-ended", at: at ?? now() - SILENCE_MS });
      }
      dispatch({ type: "server", event: ev });
      if (over) break;
    }
    if (!over) end({ by: "session", reason: await session.closed });
  })().catch((error: unknown) => {
    onError(error);
    end({ by: "user" });
  });

  const done = ended.then(async (how) => {
    await stopCapture?.();
    audio.speaker.stop();
    return how;
  });
  return {
    done,
    handle,
    get state() {
      return state;
    },
  };
}
