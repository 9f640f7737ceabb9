export {
  type AltPort,
  type AltsOptions,
  type AltsResult,
  type AnyChannel,
  alts,
  type PutPort,
} from "./alts.js";
export { type BufferKind, type ChannelBuffer, dropping, fixed, sliding } from "./buffers.js";
export {
  Channel,
  type ChannelErrorHandler,
  type ChanOptions,
  chan,
} from "./chan.js";
export {
  type ChannelError,
  MAX_PENDING,
  TooManyPendingPutsError,
  TooManyPendingTakesError,
} from "./errors.js";
export { merge } from "./merge.js";
export { type Mult, mult } from "./mult.js";
export { pipe } from "./pipe.js";
export type { ReadPort, WritePort } from "./ports.js";
export { split } from "./split.js";
export { timeout } from "./timeout.js";
export { toArray } from "./to-array.js";
export {
  comp,
  filter,
  keep,
  map,
  type Reducer,
  remove,
  type Transducer,
} from "./transducers.js";
