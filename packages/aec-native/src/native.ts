import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { AecLoadError } from "./errors.js";

/** Opaque handle of a native canceller (a tagged N-API external). */
export type NativeHandle = { readonly __aecHandle: unique symbol };

/** The functions `native/aec.node` exports (see `src/napi/mod.rs`). */
export interface NativeAec {
  /** Validates the options (the only place that does, `Config` in Rust) and allocates. */
  create(sampleRate: number, frameMs: number, tailMs: number, maxDelayMs: number): NativeHandle;
  render(h: NativeHandle, far: Int16Array | Float32Array): void;
  capture(h: NativeHandle, near: Int16Array | Float32Array, out: Int16Array | Float32Array): void;
  process(
    h: NativeHandle,
    near: Int16Array | Float32Array,
    far: Int16Array | Float32Array,
    out: Int16Array | Float32Array,
  ): void;
  stats(h: NativeHandle, out: Float64Array): void;
  reset(h: NativeHandle): void;
  /** How many samples the output lags the microphone input (constant per canceller). */
  latencySamples(h: NativeHandle): number;
  /** Frees the native canceller now; later calls with `h` throw. Idempotent. */
  close(h: NativeHandle): void;
  /** Bytes reported to V8 for `h` (0 once closed). */
  memory(h: NativeHandle): number;
}

/** This package's root folder (in the monorepo or in `node_modules`). */
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

/** The platforms a prebuilt binary ships for; others build it from the shipped sources. */
export const PREBUILT_PLATFORMS: readonly string[] = ["linux-x64"];

/** This machine's platform key, e.g. `linux-x64` or `darwin-arm64`. */
export const PLATFORM = `${process.platform}-${process.arch}`;

/**
 * The command that builds the native binary for this machine from the installed package (needs
 * Rust's cargo); it works in the monorepo and in any project's `node_modules`.
 */
export const BUILD_COMMAND = `cd "${PACKAGE_DIR.replace(/[\\/]$/, "")}" && node scripts/build-native.mjs`;

/** Where the binary for this platform lives: `native/<platform>-<arch>/aec.node`. */
export const NATIVE_PATH = fileURLToPath(
  new URL(`../native/${PLATFORM}/aec.node`, import.meta.url),
);

let cached: NativeAec | undefined;

/** Loads the native addon (once). Throws {@link AecLoadError} naming the build command when it is missing. */
export function loadNative(path: string = NATIVE_PATH): NativeAec {
  if (path === NATIVE_PATH && cached) return cached;
  const require = createRequire(import.meta.url);
  let mod: NativeAec;
  try {
    mod = require(path) as NativeAec;
  } catch (cause) {
    const prebuilt = PREBUILT_PLATFORMS.includes(PLATFORM)
      ? ""
      : ` No prebuilt binary ships for ${PLATFORM} (only ${PREBUILT_PLATFORMS.join(", ")}).`;
    throw new AecLoadError(
      "aec_native_missing",
      `The echo canceller's native binary could not be loaded from ${path}.${prebuilt} Build it for this machine with \`${BUILD_COMMAND}\` (needs Rust's cargo 1.80+, no network).`,
      { cause },
    );
  }
  if (path === NATIVE_PATH) cached = mod;
  return mod;
}
