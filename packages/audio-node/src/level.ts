/** The lowest level reported: digital silence reads as this instead of `-Infinity`. */
export const MIN_DBFS = -100;

/** One level reading: the RMS of one device chunk (20 ms by default), in dBFS. */
export interface AudioLevel {
  /** RMS level in dBFS (0 = full-scale square wave; a full-scale sine is about -3), at least {@link MIN_DBFS}. */
  rmsDbfs: number;
  /** Peak level of the chunk in dBFS, at least {@link MIN_DBFS}. */
  peakDbfs: number;
}

/** Receives a level reading per chunk; returned functions unsubscribe. */
export type LevelListener = (level: AudioLevel) => void;
