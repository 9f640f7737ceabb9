import { type Channel, type ChannelBuffer, chan } from "../channel/index.js";
import type { ResponseOutputAudioDeltaEvent, SessionEvent } from "../events/index.js";
import { base64ToInt16 } from "../pcm/base64.js";
import { SessionClosedError } from "../session/errors.js";
import { loggerOf } from "../session/logger-of.js";
import type { Session } from "../session/session.js";
import { safeErrorHandler } from "../shared/safe-handler.js";
import type { Speaker } from "./speaker.js";
import { TruncationTracker } from "./truncation-tracker.js";

/** Every event a session yields except the audio deltas, which `stream` plays instead. */
export type StreamEvent = Exclude<SessionEvent, ResponseOutputAudioDeltaEvent>;

/** Options of {@link stream}. */
export interface StreamOptions {
  /** Where assistant audio (`response.output_audio.delta`, PCM16 24 kHz) is played. */
  speaker: Speaker;
  /**
   * Called with errors `stream` survives: a delta that is not valid PCM16 base64, a speaker that
   * throws, a truncate the session could not send.
   */
  onError?: (error: unknown) => void;
  /**
   * Buffer of `events` (a size, default 1024, or a channel buffer). Read `events` steadily: when
   * it is full, reading from the session pauses, and so does the audio.
   */
  buffer?: number | ChannelBuffer<StreamEvent>;
}

/** What {@link stream} returns. */
export interface Stream {
  /** Every event but the audio deltas, in order; closes when the session closes. */
  events: Channel<StreamEvent>;
  /**
   * Stops playback now, as a barge-in does: flushes the speaker, drops the rest of the
   * interrupted item's audio, and truncates that item at what was actually played (deletes it
   * when nothing of it was heard). Resolves when that was sent (at once when nothing was playing).
   */
  stopAudio(): Promise<void>;
}

/**
 * Plays a session's audio on a speaker and hands every other event to `events`.
 *
 * Barge-in: on `input_audio_buffer.speech_started` playback stops at once and exactly one
 * `conversation.item.truncate` is sent for the item that was playing, with `audio_end_ms` =
 * `floor(min(played ms, received bytes / 48))`, so the model's transcript matches what the
 * user heard. When that is 0 (audio received, none heard yet), the item is deleted instead
 * (`conversation.item.delete`): the model must not believe it said what nobody heard. Nothing
 * is sent when nothing is playing. Expects `audio/pcm` output (the default).
 */
export function stream(session: Session<SessionEvent>, options: StreamOptions): Stream {
  const { speaker } = options;
  const onError = safeErrorHandler(options.onError, loggerOf(session));
  const events = chan<StreamEvent>(options.buffer ?? 1024);
  const tracker = new TruncationTracker();

  const interrupt = async (): Promise<void> => {
    // Read the position before stopping: what was heard up to now is what counts.
    const point = tracker.playing(speaker);
    try {
      speaker.stop();
    } catch (error) {
      onError(error);
    }
    tracker.interruptAll();
    if (point === undefined) return;
    try {
      // Received but none of it heard (still in the device buffer): the listener heard nothing,
      // so the model must not believe it said anything. Truncating at 0 is refused by the
      // service (livekit/agents#6157); deleting the item is what was heard: nothing.
      await session.put(
        point.audioEndMs === 0
          ? { type: "conversation.item.delete", item_id: point.itemId }
          : {
              type: "conversation.item.truncate",
              item_id: point.itemId,
              content_index: point.contentIndex,
              audio_end_ms: point.audioEndMs,
            },
      );
    } catch (error) {
      if (!(error instanceof SessionClosedError)) onError(error);
    }
  };

  const play = (ev: ResponseOutputAudioDeltaEvent): void => {
    let samples: Int16Array;
    try {
      samples = base64ToInt16(ev.delta);
    } catch (error) {
      onError(error);
      return;
    }
    const position = { itemId: ev.item_id, contentIndex: ev.content_index };
    if (!tracker.received(position, samples.byteLength, ev.response_id)) return;
    try {
      speaker.write(samples, position);
    } catch (error) {
      onError(error);
    }
  };

  void (async () => {
    for await (const ev of session) {
      if (ev.type === "response.output_audio.delta") {
        play(ev);
        continue;
      }
      if (ev.type === "input_audio_buffer.speech_started") void interrupt();
      else if (ev.type === "response.output_audio.done") {
        tracker.completed({ itemId: ev.item_id, contentIndex: ev.content_index });
      } else if (ev.type === "response.done") {
        // Server events are not validated: a malformed one must not stop the audio.
        const id = (ev.response as { id?: unknown } | undefined)?.id;
        if (typeof id === "string") tracker.responseDone(id);
      }
      await events.put(ev as StreamEvent);
    }
    events.close();
  })();

  return { events, stopAudio: interrupt };
}
