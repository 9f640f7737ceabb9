export type { ClientEvent, SessionEvent } from "../events/index.js";
