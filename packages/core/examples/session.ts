import {
  type ClientEvent,
  filter,
  type LogEntry,
  map,
  openSession,
  type SessionEvent,
  sliding,
} from "@echo/core";
import { createFakeTransport } from "@echo/core/testing";

/** Every session option, on a fake transport that plays the server. */
export async function main() {
  const transport = createFakeTransport();
  const logs: LogEntry[] = [];
  const errors: unknown[] = [];
  const controller = new AbortController();
  let n = 0;

  const session = await openSession(transport, {
    // Outgoing client events; `map(validate)` from @echo/schema goes here.
    xfIn: map((ev: ClientEvent) => ({ ...ev, event_id: ev.event_id ?? `evt_${++n}` })),
    // Incoming events.
    xfOut: filter((ev: SessionEvent) => ev.type !== "rate_limits.updated"),
    onError: (error) => errors.push(error), // errors the session survives
    log: (entry) => logs.push(entry), // structured; secrets already redacted
    signal: controller.signal, // aborts opening, or closes the open session
    bufferIn: 64, // puts that may wait for the transport
    bufferOut: sliding(256), // incoming events not yet taken
  });

  await session.put({ type: "response.create" }); // resolves once the transport took it
  transport.receive({ type: "rate_limits.updated", event_id: "e1", rate_limits: [] });
  transport.receive("not json"); // skipped and reported, never a crash
  transport.receive({ type: "response.done", event_id: "e2", response: { id: "resp_1" } });
  const first = await session.take();

  controller.abort("user left");
  const reason = await session.closed;
  const late = await session.put({ type: "response.cancel" }).catch((e: Error) => e.name);

  return { sent: transport.sentEvents(), first: first?.type, errors: errors.length, reason, late };
}
