export type { LogEntry, Logger } from "@echo/core";
export { pcm16Silence, pcm16SpeechLike, pcm16Tone } from "./audio/synth.js";
export type { Behavior, Reply, ReplyPart, Turn, TurnItem } from "./behavior.js";
export { parrot } from "./behaviors/parrot.js";
export { type ScriptedOptions, type ScriptedReply, scripted } from "./behaviors/scripted.js";
export { MockCertificateError, MockCliArgumentError } from "./errors.js";
export type { FaultAction, FaultRule, FaultTrigger } from "./faults.js";
export type { JsonObject, JsonValue } from "./json.js";
export {
  type MockServer,
  type MockServerMetrics,
  type MockServerOptions,
  startMockServer,
} from "./server.js";
export type { InjectedServerEvent, MockSessionHandle, SessionEnd } from "./session.js";
export type { CallMediaStats } from "./webrtc/call-media-stats.js";
export type { MockCallHandle } from "./webrtc/calls.js";
export type { WireError } from "./wire-error.js";
