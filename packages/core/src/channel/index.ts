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
export {
  comp,
  filter,
  keep,
  map,
  type Reducer,
  remove,
  type Transducer,
} from "./transducers.js";
