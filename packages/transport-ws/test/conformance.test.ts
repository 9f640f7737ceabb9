import { type ConformanceServer, runTransportConformance } from "@echo/core/testing/conformance";
import { type MockSessionHandle, startMockServer } from "@echo/mock-server";
import { createWebSocketTransport } from "../src/index.js";
import { type RawConnection, startRawServer } from "./helpers/raw-server.js";

const KEY = "sk-conformance-key";

runTransportConformance("transport-ws against the mock server", async () => {
  const mock = await startMockServer();
  const session = mock.nextSession();
  let read = 0;
  // The mock records what it received but has no per-frame event; look again each I/O turn.
  const next = async (): Promise<string> => {
    const handle: MockSessionHandle = await session;
    while (handle.received.length <= read) await new Promise((r) => setImmediate(r));
    return JSON.stringify(handle.received[read++]);
  };
  const server: ConformanceServer = {
    next,
    send: async (data) => (await session).sendRaw(data),
    close: async (code, reason) => (await session).close(code, reason),
  };
  return {
    transport: createWebSocketTransport({ url: mock.url, apiKey: KEY }),
    server,
    dispose: () => mock.close(),
  };
});

runTransportConformance("transport-ws against a raw ws server", async () => {
  const raw = await startRawServer();
  const conn: Promise<RawConnection> = raw.nextConnection();
  let read = 0;
  const server: ConformanceServer = {
    next: async () => {
      const c = await conn;
      const ready = c.received[read];
      if (ready !== undefined) {
        read++;
        return ready;
      }
      const m = await c.nextMessage();
      read++;
      return m;
    },
    send: async (data) => (await conn).socket.send(data),
    close: async (code, reason) => (await conn).socket.close(code, reason),
  };
  return {
    transport: createWebSocketTransport({ url: raw.url, apiKey: KEY }),
    server,
    dispose: () => raw.close(),
  };
});
