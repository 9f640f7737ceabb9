import { type CloseReason, describeCloseReason } from "@echo/core";
import { type LiveCall, startCall } from "./call.js";
import { fetchTicket } from "./ticket.js";
import { Transcript } from "./transcript.js";
import { logEvent, renderTranscript, showCloseReason, showError, showPhase, ui } from "./ui.js";

/** The page's one call, as a tagged union. */
type State =
  | { status: "idle" }
  | { status: "connecting"; abort: AbortController }
  | { status: "live"; call: LiveCall }
  | { status: "ended"; reason: CloseReason | undefined };

let state: State = { status: "idle" };

/** A user-facing sentence for a failure to start the call. */
function describeFailure(error: unknown): string {
  if (error instanceof DOMException && error.name === "NotAllowedError") {
    return "Microphone access was denied: allow it for this page and press Connect again.";
  }
  if (error instanceof DOMException && error.name === "NotFoundError") {
    return "No microphone was found: plug one in and press Connect again.";
  }
  return error instanceof Error ? error.message : String(error);
}

async function connectCall(): Promise<void> {
  if (state.status === "connecting" || state.status === "live") return;
  const abort = new AbortController();
  state = { status: "connecting", abort };
  showPhase("connecting");
  showError(undefined);
  showCloseReason(undefined);
  ui.events.replaceChildren();
  ui.callId.textContent = "";
  const transcript = new Transcript();
  renderTranscript(transcript);
  let call: LiveCall;
  try {
    const ticket = await fetchTicket(abort.signal);
    ui.backend.textContent = ticket.backend === "mock" ? "(offline mock server)" : "(OpenAI)";
    call = await startCall(ticket, abort.signal, (level) => {
      ui.level.value = level;
    });
  } catch (e) {
    state = { status: "ended", reason: undefined };
    showPhase("failed");
    showError(describeFailure(e));
    return;
  }
  state = { status: "live", call };
  showPhase("live");
  // The id names the call on the server (a sideband socket attaches with it); not a secret.
  ui.callId.textContent = call.session.callId ?? "";
  await follow(call, transcript);
}

/** Shows the call's events until it ends, then why it ended. */
async function follow(call: LiveCall, transcript: Transcript): Promise<void> {
  for await (const ev of call.session) {
    logEvent(ev.type);
    if (transcript.apply(ev)) renderTranscript(transcript);
    switch (ev.type) {
      case "output_audio_buffer.started":
        ui.speaking.hidden = false;
        break;
      case "output_audio_buffer.stopped":
      case "output_audio_buffer.cleared":
        ui.speaking.hidden = true;
        break;
      case "error":
        showError(`The server reported an error: ${ev.error.message}`);
        break;
    }
  }
  const reason = await call.session.closed;
  call.release();
  state = { status: "ended", reason };
  showPhase("ended");
  showCloseReason(`Call ended: ${describeCloseReason(reason)}.`);
}

ui.connect.addEventListener("click", () => void connectCall());

ui.mute.addEventListener("click", () => {
  if (state.status !== "live") return;
  const { session } = state.call;
  // Muted, the call sends silence: the server hears nothing, and the call stays up.
  session.setMuted(!session.muted);
  ui.mute.setAttribute("aria-pressed", String(session.muted));
  ui.mute.textContent = session.muted ? "Unmute" : "Mute";
});

ui.interrupt.addEventListener("click", () => {
  if (state.status !== "live") return;
  state.call.session.interrupt().catch((e: unknown) => showError(describeFailure(e)));
});

ui.hangup.addEventListener("click", () => {
  if (state.status !== "live") return;
  ui.hangup.disabled = true;
  state.call.session.hangup().catch((e: unknown) => showError(describeFailure(e)));
});

ui.say.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const text = ui.sayText.value.trim();
  if (state.status !== "live" || text === "") return;
  ui.sayText.value = "";
  const { session } = state.call;
  void (async () => {
    await session.put({
      type: "conversation.item.create",
      item: { type: "message", role: "user", content: [{ type: "input_text", text }] },
    });
    await session.put({ type: "response.create" });
  })().catch((e: unknown) => showError(describeFailure(e)));
});

// Leaving the page ends the call instead of leaving it running on the server until it times out.
window.addEventListener("pagehide", () => {
  if (state.status === "live") void state.call.session.close();
  if (state.status === "connecting") state.abort.abort();
});

showPhase("idle");
