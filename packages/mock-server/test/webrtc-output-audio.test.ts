import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { OutputAudioBuffer } from "../src/webrtc/output-audio.js";

function buffer() {
  const log: string[] = [];
  let frames = 0;
  const out = new OutputAudioBuffer({
    sendFrame: (_frame, start) => {
      frames++;
      if (start) log.push("spurt");
    },
    emit: (type, id) => log.push(`${type.slice("output_audio_buffer.".length)} ${id}`),
  });
  return { out, log, frames: () => frames };
}

const ms = (n: number) => new Int16Array(n * 24);

describe("the WebRTC output audio buffer (server side)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "setTimeout", "performance"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("plays in real time, 20 ms a packet: started on the first, stopped after the last once the response is done", () => {
    const { out, log, frames } = buffer();
    out.push("resp_1", ms(200));
    expect(log).toEqual(["started resp_1", "spurt"]);
    expect(frames()).toBe(1);
    vi.advanceTimersByTime(100);
    expect(frames()).toBe(6);
    out.responseDone("resp_1");
    expect(log).not.toContain("stopped resp_1");
    vi.advanceTimersByTime(200);
    expect(frames()).toBe(10);
    expect(log).toEqual(["started resp_1", "spurt", "stopped resp_1"]);
  });

  it("clear drops what is queued and says cleared for the response playing, never stopped", () => {
    const { out, log, frames } = buffer();
    out.push("resp_1", ms(1000));
    vi.advanceTimersByTime(100);
    out.clear();
    out.responseDone("resp_1");
    vi.advanceTimersByTime(1000);
    expect(frames()).toBe(6);
    expect(log).toEqual(["started resp_1", "spurt", "cleared resp_1"]);
  });

  it("barge-in clears only when audio is playing or queued; clear names the last response after it played", () => {
    const { out, log } = buffer();
    out.bargeIn();
    out.clear();
    expect(log).toEqual([]);
    out.push("resp_1", ms(40));
    out.responseDone("resp_1");
    vi.advanceTimersByTime(100);
    out.bargeIn();
    expect(log).toEqual(["started resp_1", "spurt", "stopped resp_1"]);
    out.clear();
    expect(log.at(-1)).toBe("cleared resp_1");
  });

  it("a new response's audio starts a new talk spurt after the previous one stopped", () => {
    const { out, log } = buffer();
    out.push("resp_1", ms(40));
    out.responseDone("resp_1");
    out.push("resp_2", ms(40));
    out.responseDone("resp_2");
    vi.advanceTimersByTime(200);
    expect(log).toEqual([
      "started resp_1",
      "spurt",
      "stopped resp_1",
      "started resp_2",
      "spurt",
      "stopped resp_2",
    ]);
  });
});
