import { map, openSession, type SessionConfig } from "@echo/core";
import { createFakeTransport } from "@echo/core/testing";
import { ValidationError, validate } from "@echo/schema";

/**
 * Validates every outgoing event before it leaves: a good `session.update` is sent, a beta-era
 * config (read from JSON, so the compiler cannot check it) is rejected locally, with a message
 * that says how to fix it, and never reaches the server.
 */
export async function main(): Promise<{ sent: string[]; rejected: string }> {
  // Over a real connection: connect({ xfIn: map(validate) }) from @echo/transport-ws.
  const transport = createFakeTransport();
  const session = await openSession(transport, { xfIn: map(validate), onError: () => {} });

  await session.put({
    type: "session.update",
    session: { type: "realtime", instructions: "Be brief.", output_modalities: ["text"] },
  });

  const fromConfigFile = JSON.parse('{"type":"realtime","modalities":["text"],"temperature":0.8}');
  let rejected = "";
  try {
    await session.put({ type: "session.update", session: fromConfigFile as SessionConfig });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    rejected = error.message;
  }

  await session.close();
  return { sent: transport.sent.map((frame) => JSON.parse(frame).type), rejected };
}
