import type { LogEntry } from "@echo/core";
import { afterEach, describe, expect, it } from "vitest";
import { RTCPeerConnection } from "werift";
import {
  CallFailedError,
  connect,
  DataChannelTimeoutError,
  InvalidWebRtcOptionsError,
  MalformedSdpAnswerError,
  RealtimeHttpError,
  RealtimeRequestError,
} from "../src/index.js";
import { mint, startMock } from "./helpers/mock.js";
import { scriptedHttp } from "./helpers/scripted-http.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function scripted(handler: Parameters<typeof scriptedHttp>[0]) {
  const s = await scriptedHttp(handler);
  cleanups.push(() => s.close());
  return s;
}

function json(status: number, message: string, code: string | null = null) {
  return (_req: unknown, _body: string, res: import("node:http").ServerResponse) => {
    res.writeHead(status, { "content-type": "application/json", "x-request-id": "req_test" });
    res.end(
      JSON.stringify({ error: { message, type: "invalid_request_error", code, param: null } }),
    );
  };
}

describe("HTTP errors from the SDP post are typed, with status and the server's message", () => {
  it("401 for a client secret the mock never minted, and the secret is in no message or log", async () => {
    const mock = await startMock(cleanups);
    const logs: LogEntry[] = [];
    const secret = "ek_notMintedByTheMock0000000";
    const err = await connect(secret, {
      url: mock.callsUrl,
      RTCPeerConnection,
      log: (e) => logs.push(e),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RealtimeHttpError);
    const http = err as RealtimeHttpError;
    expect(http.status).toBe(401);
    expect(http.serverCode).toBe("invalid_api_key");
    expect(http.serverMessage).toMatch(/client secret/i);
    expect(http.message).toContain("HTTP 401");
    expect(http.kind).toBe("fault");
    expect(JSON.stringify([http.message, logs])).not.toContain(secret);
  });

  it("401 for an expired client secret", async () => {
    let now = Date.now();
    const mock = await startMock(cleanups, { now: () => now });
    const secret = await mint(mock, undefined, 10);
    now += 11_000;
    const err = await connect(secret, { url: mock.callsUrl, RTCPeerConnection }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RealtimeHttpError);
    expect((err as RealtimeHttpError).status).toBe(401);
    expect((err as RealtimeHttpError).serverMessage).toMatch(/expired/);
  });

  it("400 when the offer is bad SDP (the mock checks it like the service)", async () => {
    const mock = await startMock(cleanups);
    const secret = await mint(mock);
    // Strip the data channel section from the offer on its way out.
    const fetchStripped: typeof fetch = (url, init) =>
      fetch(url, { ...init, body: String(init?.body).split(/\r\nm=application/)[0] });
    const err = await connect(secret, {
      url: mock.callsUrl,
      RTCPeerConnection,
      fetch: fetchStripped,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RealtimeHttpError);
    expect((err as RealtimeHttpError).status).toBe(400);
    expect((err as RealtimeHttpError).serverMessage).toMatch(/data channel/);
  });

  for (const [status, message] of [
    [429, "Rate limit reached for requests"],
    [500, "The server had an error while processing your request."],
    [503, "Service unavailable"],
  ] as const) {
    it(`${status} from /calls`, async () => {
      const server = await scripted(json(status, message));
      const err = await connect("ek_x", { url: server.url, RTCPeerConnection }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RealtimeHttpError);
      const http = err as RealtimeHttpError;
      expect(http.status).toBe(status);
      expect(http.serverMessage).toBe(message);
      expect(http.requestId).toBe("req_test");
      expect(server.requests[0]?.headers["content-type"]).toBe("application/sdp");
      expect(server.requests[0]?.headers.authorization).toBe("Bearer ek_x");
    });
  }

  it("a non-JSON error page is quoted briefly", async () => {
    const server = await scripted((_req, _body, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>Bad gateway</html>");
    });
    const err = await connect("ek_x", { url: server.url, RTCPeerConnection }).catch(
      (e: unknown) => e,
    );
    expect((err as RealtimeHttpError).status).toBe(502);
    expect((err as RealtimeHttpError).message).toContain("Bad gateway");
  });
});

describe("bad answers and dead peers end in clear errors, never a hang", () => {
  it("a 201 whose body is not SDP is a MalformedSdpAnswerError", async () => {
    const server = await scripted((_req, _body, res) => {
      res.writeHead(201, {
        "content-type": "application/sdp",
        location: "/v1/realtime/calls/rtc_1",
      });
      res.end('{"hello":"world"}');
    });
    const err = await connect("ek_x", { url: server.url, RTCPeerConnection }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MalformedSdpAnswerError);
    expect((err as Error).message).toContain("not an SDP answer");
  });

  it("a malformed SDP answer the peer connection refuses is a MalformedSdpAnswerError", async () => {
    const server = await scripted((_req, _body, res) => {
      res.writeHead(201, { "content-type": "application/sdp" });
      res.end(
        "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:9\r\n",
      );
    });
    const err = await connect("ek_x", { url: server.url, RTCPeerConnection }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MalformedSdpAnswerError);
  });

  it("a data channel that never opens times out with DataChannelTimeoutError", async () => {
    // A valid answer from a werift peer that is closed at once: ICE never connects.
    const server = await scripted(async (_req, offer, res) => {
      const pc = new RTCPeerConnection({
        iceServers: [],
        iceAdditionalHostAddresses: ["127.0.0.1"],
      });
      await pc.setRemoteDescription({ type: "offer", sdp: offer });
      await pc.setLocalDescription(await pc.createAnswer());
      const sdp = pc.localDescription?.sdp ?? "";
      await pc.close();
      res.writeHead(201, {
        "content-type": "application/sdp",
        location: "/v1/realtime/calls/rtc_dead",
      });
      res.end(sdp);
    });
    const err = await connect("ek_x", {
      url: server.url,
      RTCPeerConnection,
      openTimeoutMs: 1500,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataChannelTimeoutError);
    expect((err as Error).message).toMatch(/did not open within 1500 ms/);
  });

  it("a server that ends the call before session.created fails connect with CallFailedError quoting its error", async () => {
    const mock = await startMock(cleanups, {
      faults: [
        {
          when: { on: "server_event", type: "session.created" },
          action: {
            kind: "error",
            error: { message: "Session could not start.", code: "server_error" },
            close: { code: 1011, reason: "" },
          },
        },
      ],
    });
    const err = await connect(await mint(mock), { url: mock.callsUrl, RTCPeerConnection }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CallFailedError);
    expect((err as Error).message).toContain("Session could not start.");
  });

  it("a data channel that opens but never carries session.created fails with CallFailedError", async () => {
    const peers: RTCPeerConnection[] = [];
    cleanups.push(async () => {
      for (const pc of peers) await pc.close();
    });
    const server = await scripted(async (_req, offer, res) => {
      const pc = new RTCPeerConnection({
        iceServers: [],
        iceAdditionalHostAddresses: ["127.0.0.1"],
      });
      peers.push(pc);
      await pc.setRemoteDescription({ type: "offer", sdp: offer });
      await pc.setLocalDescription(await pc.createAnswer());
      await new Promise((r) => setTimeout(r, 100)); // gathering
      res.writeHead(201, {
        "content-type": "application/sdp",
        location: "/v1/realtime/calls/rtc_mute",
      });
      res.end(pc.localDescription?.sdp ?? "");
    });
    const err = await connect("ek_x", {
      url: server.url,
      RTCPeerConnection,
      openTimeoutMs: 2000,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallFailedError);
    expect((err as Error).message).toMatch(/no session.created arrived within 2000 ms/);
  });

  it("a server that never answers the post fails after requestTimeoutMs", async () => {
    const server = await scripted(() => {});
    const err = await connect("ek_x", {
      url: server.url,
      RTCPeerConnection,
      requestTimeoutMs: 300,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RealtimeRequestError);
    expect((err as Error).message).toMatch(/no answer within 300 ms/);
  });

  it("a refused connection is a RealtimeRequestError naming the URL without secrets", async () => {
    const err = await connect("ek_x", {
      url: "http://127.0.0.1:9/v1/realtime/calls",
      RTCPeerConnection,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RealtimeRequestError);
    expect((err as Error).message).toContain("http://127.0.0.1:9/v1/realtime/calls");
  });

  it("aborting while connecting rejects with the signal's reason", async () => {
    const server = await scripted(() => {});
    const controller = new AbortController();
    const opening = connect("ek_x", {
      url: server.url,
      RTCPeerConnection,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("user left")), 50);
    await expect(opening).rejects.toThrow("user left");
  });
});

describe("usage errors", () => {
  it("no secret, a bad URL, or no RTCPeerConnection in Node", async () => {
    await expect(connect("", { RTCPeerConnection })).rejects.toBeInstanceOf(
      InvalidWebRtcOptionsError,
    );
    await expect(connect("ek_x", { url: "not a url", RTCPeerConnection })).rejects.toBeInstanceOf(
      InvalidWebRtcOptionsError,
    );
    await expect(connect("ek_x")).rejects.toThrow(/werift/);
  });

  it("a browser-only audio option in Node says what to pass instead", async () => {
    const mock = await startMock(cleanups);
    const err = await connect(await mint(mock), {
      url: mock.callsUrl,
      RTCPeerConnection,
      audio: "microphone",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidWebRtcOptionsError);
    expect((err as Error).message).toMatch(/AudioSource/);
  });
});
