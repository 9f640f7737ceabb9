import { EchoFaultError, EchoUsageError } from "@echo/core";

/** Options every audio-node error accepts. */
export interface AudioNodeErrorOptions {
  /** The underlying error (a PortAudio message, a child process exit), if any. */
  cause?: unknown;
}

/**
 * Base of every fault `@echo/audio-node` reports: the device or PortAudio failed. `name` is the
 * concrete class, `code` is stable, `kind` is `"fault"`. Mistakes in the calling code are
 * {@link AudioNodeUsageError} instead.
 */
export class AudioNodeError extends EchoFaultError {}

/** A mistake in the calling code (bad options, use after close). Code `"invalid_audio_options"` or `"audio_closed"`. */
export class AudioNodeUsageError extends EchoUsageError {}

/** No device matches the requested id or name, or the machine has no audio device at all. Code `"no_audio_device"`. */
export class NoAudioDeviceError extends AudioNodeError {
  constructor(message: string, options?: AudioNodeErrorOptions) {
    super("no_audio_device", message, options);
  }
}

/** The device exists but could not be opened (in use by another program, or refused the format). Code `"audio_device_busy"`. */
export class AudioDeviceBusyError extends AudioNodeError {
  constructor(message: string, options?: AudioNodeErrorOptions) {
    super("audio_device_busy", message, options);
  }
}

/** The device stopped delivering audio while open (unplugged, server gone, stream stalled). Code `"audio_device_gone"`. */
export class AudioDeviceGoneError extends AudioNodeError {
  constructor(message: string, options?: AudioNodeErrorOptions) {
    super("audio_device_gone", message, options);
  }
}

/** PortAudio reported an error not covered by the other classes. Code `"portaudio_error"`. */
export class PortAudioError extends AudioNodeError {
  constructor(message: string, options?: AudioNodeErrorOptions) {
    super("portaudio_error", message, options);
  }
}

/** What a user adds so the package manager builds naudiodon2's native addon. */
export const BUILD_SCRIPT_HELP = [
  'npm 11: add  "allowScripts": { "naudiodon2": true }  to package.json, then `npm rebuild naudiodon2`',
  'pnpm 10: add  "pnpm": { "onlyBuiltDependencies": ["naudiodon2"] }  to package.json (or `onlyBuiltDependencies:\\n  - naudiodon2` in pnpm-workspace.yaml), then `pnpm rebuild naudiodon2`',
].join("; ");

/**
 * naudiodon2's native addon is missing: the package manager skipped its build script (npm 11
 * and pnpm 10 do unless allowed), or it failed to build. The message says exactly what to add.
 * Code `"naudiodon_not_built"`.
 */
export class NaudiodonNotBuiltError extends AudioNodeError {
  constructor(detail: string, options?: AudioNodeErrorOptions) {
    super(
      "naudiodon_not_built",
      `naudiodon2's native addon is not built (${detail}). Allow its build script: ${BUILD_SCRIPT_HELP}. It needs a C++ toolchain (python3, make, g++).`,
      options,
    );
  }
}
