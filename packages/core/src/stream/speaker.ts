/** Which audio a speaker is playing: an assistant item and the index of its audio content part. */
export interface AudioPosition {
  /** The assistant item's id (`response.output_audio.delta.item_id`). */
  itemId: string;
  /** The content part's index within the item (`content_index`, normally 0). */
  contentIndex: number;
}

/**
 * Where `stream` plays the assistant's audio. `@echo/audio-node` ships one for real devices;
 * tests use a fake whose clock they control.
 *
 * Audio is PCM16, 24 kHz, mono, host-endian `Int16Array`. A speaker plays what it is given in
 * order and knows how much of each item it has actually played: that is what a barge-in
 * truncates to, so the model's transcript matches what the user heard.
 */
export interface Speaker {
  /** Queues samples of the given item and content part for playback, after what is queued. */
  write(samples: Int16Array, position: AudioPosition): void;
  /**
   * Stops playback now and drops every queued sample. Later writes play again. A device
   * speaker may return a promise that settles once the stop reached the device, when
   * `playedMs` is exact (what the device already held still plays); `stream` waits for it
   * before sending the truncate.
   */
  stop(): void | Promise<void>;
  /**
   * Milliseconds of the given item and content part that have actually come out of the device
   * so far (0 when none, or for an unknown item). Must not decrease.
   */
  playedMs(position: AudioPosition): number;
}
