export {
  type AecSampleRate,
  EchoCanceller,
  type EchoCancellerOptions,
  type EchoCancellerStats,
  type Samples,
} from "./echo-canceller.js";
export {
  AecError,
  type AecErrorKind,
  AecFaultError,
  AecLoadError,
  AecUsageError,
} from "./errors.js";
export { BUILD_COMMAND } from "./native.js";
