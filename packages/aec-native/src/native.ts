import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { AecLoadError } from "./errors.js";

/** Opaque handle of a native canceller (a tagged N-API external). */
export type NativeHandle = { readonly __aecHandle: unique symbol };

/** The functions `native/aec.node` exports (see `src/napi/mod.rs`). */
export interface NativeAec {
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
  latency(h: NativeHandle): number;
  /** Frees the native canceller now; later calls with `h` throw. Idempotent. */
  close(h: NativeHandle): void;
  /** Bytes reported to V8 for `h` (0 once closed). */
  memory(h: NativeHandle): number;
}

/** The command that builds the native binary. */
export const BUILD_COMMAND = "pnpm --filter @echo/aec-rs build";

/** Where the build places the binary: `native/aec.node` at the package root. */
export const NATIVE_PATH = fileURLToPath(new URL("../native/aec.node", import.meta.url));

let cached: NativeAec | undefined;

/** Loads the native addon (once). Throws {@link AecLoadError} naming the build command when it is missing. */
export function loadNative(path: string = NATIVE_PATH): NativeAec {
  if (path === NATIVE_PATH && cached) return cached;
  const require = createRequire(import.meta.url);
  let mod: NativeAec;
  try {
    mod = require(path) as NativeAec;
  } catch (cause) {
    throw new AecLoadError(
      "aec_native_missing",
      `The echo canceller's native binary could not be loaded from ${path}. Build it with \`${BUILD_COMMAND}\` (needs cargo).`,
      { cause },
    );
  }
  if (path === NATIVE_PATH) cached = mod;
  return mod;
}
