import { type ChildProcess, execFileSync, fork, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { setPriority, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AudioDeviceInfo } from "../devices.js";
import {
  AudioDeviceBusyError,
  AudioDeviceGoneError,
  type AudioNodeError,
  NaudiodonNotBuiltError,
  NoAudioDeviceError,
  PortAudioError,
} from "../errors.js";
import type {
  AudioBackend,
  BackendHandlers,
  BackendOpenOptions,
  BackendStream,
  BackendStreamInfo,
} from "./backend.js";

/** How long a quit may take before the host process is killed (naudiodon2's quit can hang). */
const QUIT_TIMEOUT_MS = 1500;
/** Silence chunks kept ahead of the device (absorbs event-loop jitter in the host). */
const PRIME_CHUNKS = 2;
/** Lines of the host's stderr (ALSA/PortAudio chatter) kept for error messages. */
const STDERR_LINES = 8;

const HOST = fileURLToPath(new URL("./naudiodon-host.mjs", import.meta.url));

/** The path of naudiodon2's built addon, or the error that says how to build it. */
function addonPath(): string | NaudiodonNotBuiltError {
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve("naudiodon2/package.json"));
  } catch (error) {
    return new NaudiodonNotBuiltError("the naudiodon2 package is not installed", { cause: error });
  }
  const addon = join(dir, "build", "Release", "naudiodon.node");
  if (!existsSync(addon)) return new NaudiodonNotBuiltError(`${addon} is missing`);
  return addon;
}

/**
 * The host's library path with the addon's own folder first. naudiodon2 links its bundled
 * libportaudio.so.2 through an absolute RUNPATH to the folder it was built in; pnpm's
 * side-effects cache copies the built package elsewhere, and once the first folder is gone the
 * addon no longer loads ("libportaudio.so.2: cannot open shared object file").
 */
function libraryPath(addon: string): string {
  const inherited = process.env.LD_LIBRARY_PATH;
  return inherited ? `${dirname(addon)}:${inherited}` : dirname(addon);
}

type HostMessage =
  | { type: "devices"; devices: (AudioDeviceInfo & Record<string, unknown>)[] }
  | { type: "ready"; info: BackendStreamInfo }
  | {
      type: "chunk";
      mic: Int16Array;
      far: Int16Array;
      tag: number;
      queued: number;
      late: number;
      xruns: number;
      realigns?: number;
      /** Not sent by the host today: the speaker then counts from the chunk tags alone. */
      inDevice?: number[];
    }
  | { type: "played"; far: Int16Array; tag: number }
  | { type: "flushed"; inDevice: number[] }
  | { type: "error"; code: string; message: string }
  | { type: "closed" };

function hostError(code: string, message: string, stderr: string[]): AudioNodeError {
  const detail = stderr.length > 0 ? ` (PortAudio said: ${stderr.join(" | ")})` : "";
  switch (code) {
    case "naudiodon_not_built":
      return new NaudiodonNotBuiltError(message);
    case "no_audio_device":
      return new NoAudioDeviceError(`${message}. List devices with listDevices().`);
    case "audio_device_busy":
      return new AudioDeviceBusyError(
        `${message}${detail}. Close the program using it, or choose another device.`,
      );
    case "audio_device_gone":
      return new AudioDeviceGoneError(`${message}${detail}`);
    default:
      return new PortAudioError(`${message}${detail}`);
  }
}

/** Whether `chrt` (util-linux) can give the host real-time scheduling here (root, or CAP_SYS_NICE). */
let realtime: boolean | undefined;
function canRealtime(): boolean {
  if (realtime === undefined) {
    try {
      execFileSync("chrt", ["-r", "10", "true"], { stdio: "ignore" });
      realtime = true;
    } catch {
      realtime = false;
    }
  }
  return realtime;
}

/**
 * Starts a host process: stdout dropped (naudiodon2 prints there), cwd in the temp dir (no file
 * in the user's). Audio comes first on a busy machine: a host that misses its 20 ms turn makes
 * the device under-run, which shifts the echo delay the canceller then has to re-learn. So the
 * host runs with real-time round-robin scheduling where permitted (it sleeps between
 * callbacks), else at a raised priority, else as it is.
 */
function spawnHost(addon: string): { child: ChildProcess; stderr: string[] } {
  const options = {
    cwd: tmpdir(),
    serialization: "advanced" as const,
    stdio: ["ignore", "ignore", "pipe", "ipc"] as ("ignore" | "pipe" | "ipc")[],
    env: { ...process.env, ECHO_NAUDIODON_ADDON: addon, LD_LIBRARY_PATH: libraryPath(addon) },
  };
  const child = canRealtime()
    ? spawn("chrt", ["-r", "10", process.execPath, HOST], options)
    : fork(HOST, [], { ...options, execArgv: [] });
  if (!canRealtime() && child.pid !== undefined) {
    try {
      setPriority(child.pid, -10);
    } catch {
      // Not permitted: run at normal priority.
    }
  }
  const stderr: string[] = [];
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (text: string) => {
    for (const line of text.split("\n")) {
      const trimmed = line.trim();
      // ALSA probes every card name and JACK a server: that chatter is never the cause.
      if (trimmed === "" || /^ALSA lib|jack|Jack|Cannot connect to server/.test(trimmed)) continue;
      stderr.push(trimmed);
      if (stderr.length > STDERR_LINES) stderr.shift();
    }
  });
  return { child, stderr };
}

/** One open duplex stream in its host process. */
class NaudiodonStream implements BackendStream {
  readonly ready: Promise<BackendStreamInfo>;
  #queued = 0;
  #state: "open" | "closing" | "closed" = "open";
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  readonly #flushes: ((inDevice: readonly number[]) => void)[] = [];

  constructor(addon: string, options: BackendOpenOptions, handlers: BackendHandlers) {
    const { child, stderr } = spawnHost(addon);
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once("exit", () => resolve()));
    let settle: {
      resolve: (info: BackendStreamInfo) => void;
      reject: (error: AudioNodeError) => void;
    };
    let ready = false;
    this.ready = new Promise((resolve, reject) => {
      settle = { resolve, reject };
    });
    // Nobody may be waiting on `ready`; a rejection there must not be unhandled.
    this.ready.catch(() => {});
    const failWith = (error: AudioNodeError) => {
      if (this.#state !== "open") return;
      this.#state = "closed";
      if (!ready) settle.reject(error);
      handlers.fail(error);
      child.kill("SIGKILL");
    };
    child.on("message", (message: HostMessage) => {
      switch (message.type) {
        case "ready":
          ready = true;
          settle.resolve(message.info);
          break;
        case "chunk":
          if (this.#state !== "open") return;
          this.#queued = message.queued;
          handlers.chunk(message.mic, message.far, message.tag, {
            queued: message.queued,
            late: message.late,
            xruns: message.xruns,
            realigns: message.realigns,
            inDevice: message.inDevice ?? [],
          });
          break;
        case "played":
          if (this.#state === "open") handlers.played?.(message.far, message.tag);
          break;
        case "flushed":
          this.#flushes.shift()?.(message.inDevice);
          break;
        case "error":
          failWith(hostError(message.code, message.message, stderr));
          break;
      }
    });
    child.once("exit", (code, signal) => {
      failWith(
        new AudioDeviceGoneError(
          `the audio host process exited (${signal ?? `code ${String(code)}`})${stderr.length > 0 ? `: ${stderr.join(" | ")}` : ""}`,
        ),
      );
    });
    child.on("error", (error) =>
      failWith(
        new PortAudioError(`the audio host process failed: ${error.message}`, { cause: error }),
      ),
    );
    child.send({
      type: "open",
      input: options.input,
      output: options.output,
      mode: options.mode ?? "auto",
      sampleRate: options.sampleRate,
      chunkFrames: options.chunkFrames,
      primeChunks: PRIME_CHUNKS,
    });
  }

  get queuedChunks(): number {
    return this.#queued;
  }

  write(samples: Int16Array, tag: number): void {
    if (this.#state !== "open" || !this.#child.connected) return;
    this.#queued++;
    this.#child.send({ type: "write", samples, tag });
  }

  flush(): Promise<readonly number[]> {
    if (this.#state !== "open" || !this.#child.connected) return Promise.resolve([]);
    this.#queued = 0;
    const promise = new Promise<readonly number[]>((resolve) => this.#flushes.push(resolve));
    this.#child.send({ type: "flush" });
    return promise;
  }

  setVolume(gain: number): void {
    if (this.#state === "open" && this.#child.connected) this.#child.send({ type: "volume", gain });
  }

  async close(): Promise<void> {
    if (this.#state === "open") {
      this.#state = "closing";
      if (this.#child.connected) this.#child.send({ type: "close" });
      const timer = setTimeout(() => this.#child.kill("SIGKILL"), QUIT_TIMEOUT_MS);
      await this.#exited;
      clearTimeout(timer);
      this.#state = "closed";
    }
    await this.#exited;
  }

  setRef(ref: boolean): void {
    const channel = this.#child.channel as { ref(): void; unref(): void } | undefined;
    if (ref) {
      this.#child.ref();
      channel?.ref();
    } else {
      this.#child.unref();
      channel?.unref();
    }
    for (const stream of [this.#child.stderr]) {
      const handle = stream as unknown as { ref?(): void; unref?(): void } | null;
      if (ref) handle?.ref?.();
      else handle?.unref?.();
    }
  }
}

/** The default backend: naudiodon2 (PortAudio), each stream in its own host process. */
export const naudiodonBackend: AudioBackend = naudiodonBackendAt(addonPath);

/** The naudiodon2 backend loading the addon `resolveAddon` finds (tests load a relocated copy). */
export function naudiodonBackendAt(
  resolveAddon: () => string | NaudiodonNotBuiltError,
): AudioBackend {
  return {
    async listDevices() {
      const addon = resolveAddon();
      if (typeof addon !== "string") throw addon;
      const { child, stderr } = spawnHost(addon);
      try {
        return await new Promise<AudioDeviceInfo[]>((resolve, reject) => {
          child.on("message", (message: HostMessage) => {
            if (message.type === "devices") {
              resolve(
                message.devices.map((d) => ({
                  id: d.id,
                  name: d.name,
                  hostApi: d.hostApi,
                  maxInputChannels: d.maxInputChannels,
                  maxOutputChannels: d.maxOutputChannels,
                  defaultSampleRate: d.defaultSampleRate,
                  isDefaultInput: d.isDefaultInput,
                  isDefaultOutput: d.isDefaultOutput,
                })),
              );
            } else if (message.type === "error")
              reject(hostError(message.code, message.message, stderr));
          });
          child.once("exit", (code) =>
            reject(
              new PortAudioError(
                `the audio host process exited (code ${String(code)}) while listing devices`,
              ),
            ),
          );
          child.send({ type: "list" });
        });
      } finally {
        child.kill("SIGKILL");
      }
    },
    open(options, handlers) {
      const addon = resolveAddon();
      if (typeof addon !== "string") {
        const failed: BackendStream = {
          ready: Promise.reject(addon),
          write() {},
          flush: async () => [],
          setVolume() {},
          queuedChunks: 0,
          close: async () => {},
          setRef() {},
        };
        failed.ready.catch(() => {});
        queueMicrotask(() => handlers.fail(addon));
        return failed;
      }
      return new NaudiodonStream(addon, options, handlers);
    },
  };
}
