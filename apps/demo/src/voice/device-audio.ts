import type { AudioDeviceInfo, DeviceSelector, Microphone, NodeSpeaker } from "@echo/audio-node";
import type { VoiceAudio } from "./audio.js";

/** Which devices to open. */
export interface DeviceAudioOptions {
  /** Microphone: id or (part of a) name; default the system's. */
  input?: string;
  /** Speaker: id or (part of a) name; default the system's. */
  output?: string;
  /** Echo cancelling (default on). */
  aec: boolean;
  /** How long the device may take to deliver its first audio (PulseAudio: 1.5-2 s). Default 8000 ms. */
  readyTimeoutMs?: number;
}

/** Opened devices, or why there are none (for the one-line fallback to text). */
export type DeviceAudioResult = { ok: true; audio: VoiceAudio } | { ok: false; reason: string };

/** A number given on the command line selects a device by id, anything else by name. */
export function toSelector(value: string | undefined): DeviceSelector | undefined {
  if (value === undefined) return undefined;
  return /^\d+$/.test(value) ? Number(value) : value;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Loads `@echo/audio-node` only when voice is wanted: a text chat needs no native addon. */
async function loadAudioNode() {
  return import("@echo/audio-node");
}

/** The devices PortAudio sees, or why they cannot be listed. */
export async function describeDevices(): Promise<string> {
  try {
    const { listDevices } = await loadAudioNode();
    const devices = await listDevices();
    if (devices.length === 0) return "Audio devices: none found.";
    return ["Audio devices (use the id or a part of the name):", ...devices.map(deviceLine)].join(
      "\n",
    );
  } catch (error) {
    return `Audio devices: cannot list them (${message(error)}).`;
  }
}

function deviceLine(d: AudioDeviceInfo): string {
  const roles = [
    d.maxInputChannels > 0 ? `in${d.isDefaultInput ? " (default)" : ""}` : "",
    d.maxOutputChannels > 0 ? `out${d.isDefaultOutput ? " (default)" : ""}` : "",
  ].filter((r) => r !== "");
  return `  ${String(d.id).padStart(3)}  ${d.name}  [${d.hostApi}, ${roles.join(", ")}, ${d.defaultSampleRate} Hz]`;
}

/**
 * Opens the microphone and speaker on one shared duplex device and waits until it delivers audio.
 * Never throws: a missing addon, no device, a busy or silent one give `{ ok: false, reason }`.
 */
export async function openDeviceAudio(options: DeviceAudioOptions): Promise<DeviceAudioResult> {
  let audioNode: Awaited<ReturnType<typeof loadAudioNode>>;
  try {
    audioNode = await loadAudioNode();
  } catch (error) {
    return { ok: false, reason: `@echo/audio-node could not be loaded (${message(error)})` };
  }
  try {
    const devices = await audioNode.listDevices();
    if (!devices.some((d) => d.maxInputChannels > 0)) {
      return { ok: false, reason: "no microphone found" };
    }
    if (!devices.some((d) => d.maxOutputChannels > 0)) {
      return { ok: false, reason: "no speaker found" };
    }
  } catch (error) {
    return { ok: false, reason: message(error) };
  }
  const input = toSelector(options.input);
  const output = toSelector(options.output);
  // The same device options make the speaker and the microphone share one duplex stream, so
  // the echo canceller's reference is exactly what was played.
  const device = {
    ...(input !== undefined ? { input } : {}),
    ...(output !== undefined ? { output } : {}),
  };
  let speaker: NodeSpeaker | undefined;
  let microphone: Microphone | undefined;
  try {
    speaker = audioNode.createSpeaker(device);
    microphone = audioNode.createMicrophone({ ...device, aec: options.aec });
    const timeoutMs = options.readyTimeoutMs ?? 8000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the audio device sent no audio within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([Promise.all([microphone.device.ready, speaker.device.ready]), timeout]);
    } finally {
      clearTimeout(timer);
    }
  } catch (error) {
    await Promise.allSettled([microphone?.close(), speaker?.close()]);
    return { ok: false, reason: message(error) };
  }
  return { ok: true, audio: deviceAudio(speaker, microphone) };
}

/** How long leaving may wait for the shared device to close. */
const CLOSE_WAIT_MS = 3000;

/**
 * Keeps the process alive until the device has really closed. audio-node closes it a moment
 * after its last user (a linger on an unref'd timer); a process that exits first leaves the
 * audio host process behind, still holding the device, when naudiodon2's quit hangs.
 */
async function untilDeviceClosed(microphone: Microphone): Promise<void> {
  const deadline = Date.now() + CLOSE_WAIT_MS;
  while (microphone.device.stats().state !== "closed" && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // The host's quit (and the kill timer behind it) runs from here on its own timers.
}

function deviceAudio(speaker: NodeSpeaker, microphone: Microphone): VoiceAudio {
  let closed: Promise<void> | undefined;
  return {
    speaker,
    microphone,
    setMuted: (muted) => (muted ? microphone.mute() : microphone.unmute()),
    setPushToTalk: (enabled) => microphone.setPushToTalk(enabled),
    setHeld: (held) => (held ? microphone.hold() : microphone.release()),
    onInputLevel: (listener) => microphone.onLevel((level) => listener(level.rmsDbfs)),
    onOutputLevel: (listener) => speaker.onLevel((level) => listener(level.rmsDbfs)),
    get queuedMs() {
      return speaker.queuedMs;
    },
    get outputLatencyMs() {
      return speaker.device.stats().outputLatencyMs;
    },
    get inputLatencyMs() {
      return microphone.device.stats().inputLatencyMs ?? 0;
    },
    describe() {
      const stats = microphone.device.stats();
      const mode = stats.mode === "two-streams" ? "two streams" : (stats.mode ?? "opening");
      return `${stats.input?.name ?? "?"} → ${stats.output?.name ?? "?"} (${mode}, ${stats.sampleRate / 1000} kHz)`;
    },
    close() {
      closed ??= Promise.allSettled([microphone.close(), speaker.close()]).then(() =>
        untilDeviceClosed(microphone),
      );
      return closed;
    },
  };
}
