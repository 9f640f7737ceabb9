// CPU per second of a call, in the client process only (the mock runs in a child process):
// WebRTC (werift, Opus encode + decode, SRTP, SCTP) against WebSocket (base64 PCM appends and
// deltas), same speech pattern, same duration, same run. Prints a table and the ratio.
// Run after `pnpm build` (it imports the built packages): `node bench/call-cpu.mjs [seconds]`.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { base64ToInt16, int16ToBase64 } from "@echo/core";
import { pcm16Silence, pcm16SpeechLike } from "@echo/mock-server";
import { connect } from "@echo/transport-webrtc";
import { connect as connectWs } from "@echo/transport-ws";
import { RTCPeerConnection } from "werift";

const SECONDS = Number(process.argv[2] ?? 8);
const KEY = "sk-bench-key-0000000000";
// A turn every 2.5 s: 1.5 s of speech, 1 s of silence (server VAD commits, the parrot replies).
const PATTERN = new Int16Array([...pcm16SpeechLike(1500), ...pcm16Silence(1000)]);

async function startChild() {
  const cli = fileURLToPath(new URL("./cli.js", import.meta.resolve("@echo/mock-server")));
  const child = spawn(process.execPath, [cli, "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  child.stdout.setEncoding("utf8");
  const [line] = await once(child.stdout, "data");
  const url = /listening on (ws:\/\/\S+)/.exec(line)?.[1];
  if (!url) throw new Error(`the mock did not start: ${line}`);
  const port = Number(/:(\d+)\//.exec(url)?.[1]);
  return { url, httpUrl: `http://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") };
}

/** Calls `frame(samples)` every 20 ms with the next 20 ms of the pattern, until stopped. */
function realTime(frame) {
  let at = 0;
  let n = 0;
  const t0 = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor((performance.now() - t0) / 20);
    while (n < due) {
      if (at + 480 > PATTERN.length) at = 0;
      frame(PATTERN.subarray(at, at + 480));
      at += 480;
      n++;
    }
  }, 10);
  return () => clearInterval(timer);
}

async function measure(name, run) {
  const heard = { samples: 0 };
  const { stop } = await run(heard);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - t0) / 1000;
  const heard0 = heard.samples;
  await stop();
  return {
    name,
    cpuMsPerSecond: (cpu.user + cpu.system) / 1000 / wall,
    heardSeconds: heard0 / 24000,
  };
}

const mock = await startChild();
try {
  const res = await fetch(`${mock.httpUrl}/v1/realtime/client_secrets`, {
    method: "POST",
    headers: { Authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: "{}",
  });
  const { value: secret } = await res.json();

  const webrtc = await measure("webrtc (werift + @evan/opus)", async (heard) => {
    let sink;
    const source = {
      subscribe(s) {
        sink = s;
        return () => {};
      },
    };
    const speaker = {
      write(s) {
        heard.samples += s.length;
      },
      stop() {},
      playedMs: () => 0,
    };
    const session = await connect(secret, {
      url: `${mock.httpUrl}/v1/realtime/calls`,
      RTCPeerConnection,
      audio: source,
      speaker,
    });
    const stopAudio = realTime((f) => sink?.frame(f));
    void (async () => {
      for await (const _ of session);
    })();
    return {
      stop: async () => {
        stopAudio();
        await session.close();
      },
    };
  });

  const ws = await measure("websocket (base64 PCM)", async (heard) => {
    const session = await connectWs({ url: mock.url, apiKey: KEY });
    const stopAudio = realTime(
      (f) =>
        void session
          .put({ type: "input_audio_buffer.append", audio: int16ToBase64(f) })
          .catch(() => {}),
    );
    void (async () => {
      for await (const ev of session)
        if (ev.type === "response.output_audio.delta")
          heard.samples += base64ToInt16(ev.delta).length;
    })();
    return {
      stop: async () => {
        stopAudio();
        await session.close();
      },
    };
  });

  const rows = [webrtc, ws];
  process.stdout.write(
    `\nClient CPU per second of a call (${SECONDS} s each, mock in a child process, 1.5 s speech / 1 s silence turns)\n\n`,
  );
  process.stdout.write(
    "| path | client CPU ms per call-second | reply audio received (s) |\n|---|---|---|\n",
  );
  for (const r of rows)
    process.stdout.write(
      `| ${r.name} | ${r.cpuMsPerSecond.toFixed(1)} | ${r.heardSeconds.toFixed(1)} |\n`,
    );
  process.stdout.write(
    `\nwebrtc / websocket CPU: ${(webrtc.cpuMsPerSecond / ws.cpuMsPerSecond).toFixed(2)}x\n`,
  );
} finally {
  mock.stop();
}
