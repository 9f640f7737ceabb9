import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type MockServer, startMockServer } from "../src/index.js";
import { connect } from "./client.js";

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ tls: true });
});
afterAll(async () => {
  await server.close();
});

describe("tls: true", () => {
  it("serves wss:// and https:// and exposes its certificate", () => {
    expect(server.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);
    expect(server.httpUrl).toMatch(/^https:\/\//);
    expect(server.certificate).toContain("-----BEGIN CERTIFICATE-----");
  });

  it("a client that trusts the certificate gets a session over wss://", async () => {
    const c = connect(server, { ca: server.certificate ?? "" });
    expect((await c.next()).type).toBe("session.created");
    c.ws.close();
  });

  it("a client that does not trust it fails the TLS handshake", async () => {
    const ws = new WebSocket(`${server.url}?model=gpt-realtime`, {
      headers: { Authorization: "Bearer sk-test-1234" },
    });
    const err = await new Promise<Error>((resolve) => ws.on("error", resolve));
    expect(err.message).toMatch(/self[- ]signed/i);
  });

  it("mints client secrets over https://", async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${server.httpUrl}/v1/realtime/client_secrets`,
        {
          method: "POST",
          ca: server.certificate,
          headers: { authorization: "Bearer sk-test-1234" },
        },
        (res) => {
          let text = "";
          res.on("data", (d: Buffer) => {
            text += d.toString();
          });
          res.on("end", () => resolve(text));
        },
      );
      req.on("error", reject);
      req.end("{}");
    });
    expect(JSON.parse(body).value).toMatch(/^ek_/);
  });
});
