import type { AudioBackend } from "./backend/backend.js";
import { naudiodonBackend } from "./backend/naudiodon.js";

/** One audio device as the backend (PortAudio) reports it. */
export interface AudioDeviceInfo {
  /** The backend's device index (stable while the machine's devices do not change). */
  id: number;
  /** The device's name, e.g. `"pulse"` or `"default"`. */
  name: string;
  /** The host API, e.g. `"ALSA"`. */
  hostApi: string;
  /** Input channels (0: not a microphone). */
  maxInputChannels: number;
  /** Output channels (0: not a speaker). */
  maxOutputChannels: number;
  /** The device's own rate in Hz. */
  defaultSampleRate: number;
  /** Whether it is the system's default input. */
  isDefaultInput: boolean;
  /** Whether it is the system's default output. */
  isDefaultOutput: boolean;
}

/**
 * Which device to use: its `id` from {@link listDevices}, or a name (exact, else the only
 * device whose name contains it, case-insensitive). Omitted: the system default.
 */
export type DeviceSelector = number | string;

/** Options of {@link listDevices}. */
export interface ListDevicesOptions {
  /** Ask another backend (tests use a fake). Default: naudiodon2 (PortAudio). */
  backend?: AudioBackend;
}

/** Lists the audio devices PortAudio sees. Rejects with `NaudiodonNotBuiltError` when the addon is missing. */
export function listDevices(options: ListDevicesOptions = {}): Promise<AudioDeviceInfo[]> {
  return (options.backend ?? naudiodonBackend).listDevices();
}
