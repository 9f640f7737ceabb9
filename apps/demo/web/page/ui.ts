import type { Transcript } from "./transcript.js";

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the page has no #${id}`);
  return el as T;
}

/** The page's elements. */
export const ui = {
  connect: byId<HTMLButtonElement>("connect"),
  mute: byId<HTMLButtonElement>("mute"),
  interrupt: byId<HTMLButtonElement>("interrupt"),
  hangup: byId<HTMLButtonElement>("hangup"),
  status: byId<HTMLSpanElement>("status"),
  backend: byId<HTMLSpanElement>("backend"),
  callId: byId<HTMLSpanElement>("call-id"),
  level: byId<HTMLMeterElement>("level"),
  speaking: byId<HTMLParagraphElement>("speaking"),
  error: byId<HTMLParagraphElement>("error"),
  closeReason: byId<HTMLParagraphElement>("close-reason"),
  transcript: byId<HTMLOListElement>("transcript"),
  say: byId<HTMLFormElement>("say"),
  sayText: byId<HTMLInputElement>("say-text"),
  saySend: byId<HTMLButtonElement>("say-send"),
  events: byId<HTMLOListElement>("events"),
};

/** What the controls show in each phase of a call. */
export type Phase = "idle" | "connecting" | "live" | "ended" | "failed";

const STATUS: Record<Phase, string> = {
  idle: "Not connected",
  connecting: "Connecting…",
  live: "Live",
  ended: "Call ended",
  failed: "Could not connect",
};

/** Enables the controls that make sense in `phase` and shows it. */
export function showPhase(phase: Phase): void {
  const live = phase === "live";
  ui.status.textContent = STATUS[phase];
  ui.status.dataset.state = phase;
  ui.connect.disabled = phase === "connecting" || live;
  ui.connect.textContent = phase === "ended" || phase === "failed" ? "Call again" : "Connect";
  for (const b of [ui.mute, ui.interrupt, ui.hangup, ui.sayText, ui.saySend]) b.disabled = !live;
  if (!live) {
    ui.mute.setAttribute("aria-pressed", "false");
    ui.mute.textContent = "Mute";
    ui.speaking.hidden = true;
  }
}

/** Shows a message in the error line (or hides it with `undefined`). */
export function showError(message: string | undefined): void {
  ui.error.hidden = message === undefined;
  ui.error.textContent = message ?? "";
}

/** Shows why the call ended (or hides it with `undefined`). */
export function showCloseReason(text: string | undefined): void {
  ui.closeReason.hidden = text === undefined;
  ui.closeReason.textContent = text ?? "";
}

/** Redraws the transcript (small: a call has tens of lines). */
export function renderTranscript(transcript: Transcript): void {
  ui.transcript.replaceChildren(
    ...transcript.lines.map((line) => {
      const li = document.createElement("li");
      li.dataset.role = line.role;
      li.dataset.itemId = line.itemId;
      li.dataset.done = String(line.done);
      li.textContent = line.text === "" ? "…" : line.text;
      return li;
    }),
  );
}

const MAX_EVENTS = 200;

/** Appends one event type to the event list, keeping the last {@link MAX_EVENTS}. */
export function logEvent(type: string): void {
  const li = document.createElement("li");
  li.textContent = type;
  ui.events.append(li);
  while (ui.events.childElementCount > MAX_EVENTS) ui.events.firstElementChild?.remove();
}
