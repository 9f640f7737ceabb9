export { RealtimeHttpError, RealtimeRequestError } from "../errors.js";
export {
  type CallAnswer,
  type CreateCallOptions,
  createCall,
  type HangupCallOptions,
  hangupCall,
} from "./call.js";
export {
  type ClientSecret,
  type CreateClientSecretOptions,
  createClientSecret,
  DEFAULT_BASE_URL,
} from "./client-secret.js";
