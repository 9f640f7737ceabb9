export type {
  AudioBackend,
  BackendHandlers,
  BackendHealth,
  BackendOpenOptions,
  BackendStream,
  BackendStreamInfo,
  DeviceMode,
} from "./backend/backend.js";
export { type CaptureOptions, captureAudio, type NodeCaptureOptions } from "./capture.js";
export type { AudioDevice, DeviceOptions, DeviceStats } from "./device.js";
export {
  type AudioDeviceInfo,
  type DeviceSelector,
  type ListDevicesOptions,
  listDevices,
} from "./devices.js";
export {
  AudioDeviceBusyError,
  AudioDeviceGoneError,
  AudioNodeError,
  type AudioNodeErrorOptions,
  AudioNodeUsageError,
  BUILD_SCRIPT_HELP,
  NaudiodonNotBuiltError,
  NoAudioDeviceError,
  PortAudioError,
} from "./errors.js";
export { type AudioLevel, type LevelListener, MIN_DBFS } from "./level.js";
export { createMicrophone, type Microphone, type MicrophoneOptions } from "./microphone.js";
export { Resampler, type ResamplerOptions } from "./resampler.js";
export { createSpeaker, type NodeSpeaker, type SpeakerOptions } from "./speaker.js";
