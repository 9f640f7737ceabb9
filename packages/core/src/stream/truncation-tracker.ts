import { PCM16_BYTES_PER_MS } from "../pcm/duration.js";
import type { AudioPosition, Speaker } from "./speaker.js";

/** Where to truncate an interrupted item: the `conversation.item.truncate` fields. */
export interface TruncatePoint {
  /** The assistant item that was playing. */
  itemId: string;
  /** Its audio content part. */
  contentIndex: number;
  /** Integer milliseconds actually played, clamped to the audio received. */
  audioEndMs: number;
}

interface Track extends AudioPosition {
  responseId: string | undefined;
  receivedBytes: number;
  /** No more audio will come for it (`response.output_audio.done` or `response.done`). */
  complete: boolean;
}

/**
 * The stream's side of a barge-in: the assistant audio received per item and content part,
 * which one is playing, and where to cut it (`playing`). The speaker's side, how much of each
 * item the device actually played, is a `PlayoutLedger`; this asks the speaker.
 *
 * An item is "playing" from its first written sample until the speaker reports it fully played
 * or it is interrupted. Audio of an interrupted item that arrives later is refused, so the
 * rest of a cancelled response is never played.
 */
export class TruncationTracker {
  // Insertion order is playback order: a speaker plays writes in the order it got them.
  readonly #tracks = new Map<string, Track>();
  readonly #interrupted = new Set<string>();
  // Interrupted items only matter while their response may still send audio; keep the latest few.
  static readonly #MAX_INTERRUPTED = 64;

  /**
   * Records `bytes` of PCM16 audio received for a position. Returns `false` (play nothing)
   * when that item was already interrupted.
   */
  received(position: AudioPosition, bytes: number, responseId?: string): boolean {
    const key = keyOf(position);
    if (this.#interrupted.has(key)) return false;
    const track = this.#tracks.get(key);
    if (track === undefined) {
      this.#tracks.set(key, {
        itemId: position.itemId,
        contentIndex: position.contentIndex,
        responseId,
        receivedBytes: bytes,
        complete: false,
      });
    } else {
      track.receivedBytes += bytes;
    }
    return true;
  }

  /** Records that no more audio will come for a position (`response.output_audio.done`). */
  completed(position: AudioPosition): void {
    const track = this.#tracks.get(keyOf(position));
    if (track !== undefined) track.complete = true;
  }

  /** Records that a response ended (`response.done`): none of its items gets more audio. */
  responseDone(responseId: string): void {
    for (const track of this.#tracks.values()) {
      if (track.responseId === responseId) track.complete = true;
    }
  }

  /**
   * The item the speaker is playing now and how much of it was played: the first tracked item
   * that the speaker has not finished, or whose audio is still arriving (a speaker that caught
   * up with a slow network is still playing it). `undefined` when nothing is playing.
   */
  playing(speaker: Speaker): TruncatePoint | undefined {
    let last: string | undefined;
    for (const key of this.#tracks.keys()) last = key;
    for (const [key, track] of this.#tracks) {
      const receivedMs = track.receivedBytes / PCM16_BYTES_PER_MS;
      const playedMs = Math.max(0, speaker.playedMs(track));
      // Only the newest item can still be receiving audio: the server sends items one by one.
      const arriving = !track.complete && key === last;
      if (playedMs < receivedMs || arriving) {
        return {
          itemId: track.itemId,
          contentIndex: track.contentIndex,
          audioEndMs: Math.floor(Math.min(playedMs, receivedMs)),
        };
      }
      // Fully played and followed by newer audio: forget it. The newest stays, since more of it
      // may still arrive (the speaker can catch up with a slow network).
      if (key !== last) this.#tracks.delete(key);
    }
    return undefined;
  }

  /**
   * Marks everything tracked as interrupted (its later audio is refused) and forgets it.
   * Call after stopping the speaker.
   */
  interruptAll(): void {
    for (const key of this.#tracks.keys()) this.#interrupted.add(key);
    this.#tracks.clear();
    for (const key of this.#interrupted) {
      if (this.#interrupted.size <= TruncationTracker.#MAX_INTERRUPTED) break;
      this.#interrupted.delete(key);
    }
  }

  /** Milliseconds received so far for a position (0 when unknown or already forgotten). */
  receivedMs(position: AudioPosition): number {
    const track = this.#tracks.get(keyOf(position));
    return track === undefined ? 0 : track.receivedBytes / PCM16_BYTES_PER_MS;
  }
}

function keyOf(position: AudioPosition): string {
  return `${position.contentIndex}:${position.itemId}`;
}

/** @deprecated Renamed {@link TruncationTracker} (what it computes: where a barge-in truncates). */
export const PlaybackTracker = TruncationTracker;
/** @deprecated Renamed {@link TruncationTracker}. */
export type PlaybackTracker = TruncationTracker;
