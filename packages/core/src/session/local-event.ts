export type { LocalEvent } from "../events/index.js";
