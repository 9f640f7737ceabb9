import { type ConformanceServer, runTransportConformance } from "@echo/core/testing/conformance";
import { startMockServer } from "@echo/mock-server";
import { createWebSocketTransport } from "../src/index.js";
import { type RawConnection, startRawServer } from "./helpers/raw-server.js";
import { relayTo } from "./helpers/relay.js";

const KEY = "sk-conformance-key";

runTransportConformance("transport-ws against the mock server", async () => {
  const mock = await startMockServer();
  const session = mock.nextSession();
  // The mock keeps only its newest client events (64 KiB of them), fewer than some tests send at
  // once, so the frames are read off a relay in front of it, which sees every one.
  const relay = await startRawServer({ onConnection: (c) => relayTo(mock.url, c) });
  const conn = relay.nextConnection();
  let read = 0;
  const next = async (): Promise<string> => {
    const c = await conn;
    while (c.received.length <= read) await new Promise((r) => setImmediate(r));
    return c.received[read++] as string;
  };
  const server: ConformanceServer = {
    next,
    send: async (data) => (await session).sendRaw(data),
    close: async (code, reason) => (await session).close(code, reason),
  };
  return {
    transport: createWebSocketTransport({ url: relay.url, apiKey: KEY }),
    server,
    dispose: async () => {
      await relay.close();
      await mock.close();
    },
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
