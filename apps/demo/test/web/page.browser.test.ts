import { rm } from "node:fs/promises";
import { dirname } from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { describeChromium, type RecordedPage } from "../../../../vitest.chromium.js";
import { startWebDemo } from "../../web/server/server.js";
import {
  buildPage,
  connectCall,
  type DemoRig,
  eventTypes,
  framesUntil,
  startRig,
  trackStates,
  writeFakeMicWav,
} from "./harness.js";

// The real page (built with its Vite config) in headless Chromium, calling the mock over WebRTC
// through the demo server, with Chromium's fake microphone.

let page: { dir: string; remove(): Promise<void> };
let silence: string;
let rig: DemoRig;
let clock = 0;
let tab: RecordedPage | undefined;

describeChromium("demo page in headless Chromium, against the mock", () => {
  beforeAll(async () => {
    page = await buildPage();
    // A silent microphone: Chromium's default fake one beeps, and server VAD would answer the
    // beeps in the middle of these tests' text turns (audio.browser.test.ts covers speech).
    silence = await writeFakeMicWav(0, 1_000);
    // A clock the expired-secret test can move (it follows real time otherwise), and replies
    // whose events take a while, so a response is still running when the test interrupts it.
    rig = await startRig(page.dir, {
      mock: { now: () => Date.now() + clock, deltaIntervalMs: 100 },
      chromium: { args: [`--use-file-for-fake-audio-capture=${silence}`] },
    });
  }, 60_000);

  afterEach(async () => {
    clock = 0;
    await tab?.page.close();
    tab = undefined;
  });

  afterAll(async () => {
    await rig?.close();
    await page?.remove();
    if (silence) await rm(dirname(silence), { recursive: true, force: true });
  });

  it("connects on the button and lists the call's first events", async () => {
    tab = await rig.open();
    const { page: p } = tab;
    const urls: string[] = [];
    p.on("request", (r) => urls.push(r.url()));
    expect(await p.textContent("#status")).toBe("Not connected");
    expect(await p.isDisabled("#hangup")).toBe(true);
    const { call, session } = await connectCall(p, rig.mock);
    expect(call.id).toMatch(/^rtc_/);
    expect(await eventTypes(p)).toContain("session.created");
    expect(await p.textContent("#backend")).toContain("mock");
    for (const id of ["#mute", "#interrupt", "#hangup", "#say-send"]) {
      expect(await p.isEnabled(id), id).toBe(true);
    }
    expect(await p.isDisabled("#connect")).toBe(true);
    // The secret minted for this call carried the demo's session config.
    expect(session.config).toMatchObject({
      type: "realtime",
      audio: { output: { voice: "marin" } },
    });
    expect(tab.problems).toEqual([]);
  });

  it("a text turn completes: both sides appear in the transcript", async () => {
    tab = await rig.open();
    const { page: p } = tab;
    await connectCall(p, rig.mock);
    await p.fill("#say-text", "hello from the page");
    await p.click("#say-send");
    await p.waitForSelector('#transcript li[data-role="assistant"][data-done="true"]');
    const lines = await p.$$eval("#transcript li", (lis) =>
      lis.map((li) => `${li.dataset.role}: ${li.textContent}`),
    );
    expect(lines).toEqual(["user: hello from the page", "assistant: hello from the page"]);
    expect(await eventTypes(p)).toContain("response.done");
    expect(tab.problems).toEqual([]);
  });

  it("interrupt cancels the reply and clears the server's output buffer", async () => {
    tab = await rig.open();
    const { page: p } = tab;
    const { call } = await connectCall(p, rig.mock);
    // The parrot speaks about 65 ms a character, one event every 100 ms: a reply of seconds.
    await p.fill("#say-text", "a long sentence for the assistant to repeat ".repeat(4));
    await p.click("#say-send");
    await p.waitForSelector("#speaking:not([hidden])");
    await p.click("#interrupt");
    await p.waitForFunction(() =>
      [...document.querySelectorAll("#events li")].some(
        (li) => li.textContent === "output_audio_buffer.cleared",
      ),
    );
    expect(await p.isHidden("#speaking")).toBe(true);
    // WebRTC interruption: cancel the running response, then clear; no truncate.
    expect(await framesUntil(call, "output_audio_buffer.clear")).toEqual([
      "conversation.item.create",
      "response.create",
      "response.cancel",
      "output_audio_buffer.clear",
    ]);
    expect(tab.problems).toEqual([]);
  });

  it("interrupt after the reply's events are all out only clears the output buffer", async () => {
    tab = await rig.open();
    const { page: p } = tab;
    const { call } = await connectCall(p, rig.mock);
    await p.fill("#say-text", "a dozen or so words to say back, which takes seconds to play");
    await p.click("#say-send");
    // response.done comes long before the audio has played out of the server's buffer.
    await p.waitForFunction(() =>
      [...document.querySelectorAll("#events li")].some((li) => li.textContent === "response.done"),
    );
    expect(await p.isVisible("#speaking")).toBe(true);
    await p.click("#interrupt");
    await p.waitForSelector("#speaking", { state: "hidden" });
    expect(await framesUntil(call, "output_audio_buffer.clear")).toEqual([
      "conversation.item.create",
      "response.create",
      "output_audio_buffer.clear",
    ]);
    expect(await eventTypes(p)).toContain("output_audio_buffer.cleared");
  });

  it("hang up ends the call on both sides and shows why", async () => {
    tab = await rig.open();
    const { page: p } = tab;
    const { call } = await connectCall(p, rig.mock);
    await p.click("#hangup");
    await p.waitForSelector('#status[data-state="ended"]');
    expect(await p.textContent("#close-reason")).toContain("closed by this client");
    await call.ended;
    expect(rig.mock.calls.has(call.id)).toBe(false);
    const states = await p.evaluate(() =>
      (window as unknown as { __peers: RTCPeerConnection[] }).__peers.map(
        (pc) => pc.signalingState,
      ),
    );
    expect(states).toEqual(["closed"]);
    // The page can call again.
    expect(await p.isEnabled("#connect")).toBe(true);
    expect(await p.textContent("#connect")).toBe("Call again");
    expect(await trackStates(p)).toEqual(["ended"]);
    expect(tab.problems).toEqual([]);
  });

  it("a hang-up from the server side ends the call and shows the reason", async () => {
    tab = await rig.open();
    const { page: p } = tab;
    const { call } = await connectCall(p, rig.mock);
    call.hangup();
    await call.ended;
    await p.waitForSelector('#status[data-state="ended"]', { timeout: 3_000 });
    expect(await p.textContent("#close-reason")).toMatch(/server/);
  });

  it("a bad client secret shows the server's error and releases the microphone", async () => {
    tab = await rig.open();
    const { page: p } = tab;
    await p.route("**/api/call", async (route) => {
      const real = (await (await route.fetch()).json()) as Record<string, unknown>;
      await route.fulfill({ json: { ...real, clientSecret: "ek_not_a_real_secret" } });
    });
    await p.click("#connect");
    await p.waitForSelector('#status[data-state="failed"]');
    const error = (await p.textContent("#error")) ?? "";
    expect(error).toContain("401");
    expect(error).not.toContain("ek_not_a_real_secret");
    expect(await p.isEnabled("#connect")).toBe(true);
    expect(await trackStates(p)).toEqual(["ended"]);
  });

  it("an expired client secret shows the server's error", async () => {
    tab = await rig.open();
    const { page: p } = tab;
    await p.route("**/api/call", async (route) => {
      const real = await route.fetch();
      clock = 10 * 60_000; // the demo mints 60 s secrets; ten minutes later it is long expired
      await route.fulfill({ response: real });
    });
    await p.click("#connect");
    await p.waitForSelector('#status[data-state="failed"]');
    expect(await p.textContent("#error")).toContain("401");
  });

  it("a server whose key is refused shows why on the page, without the key", async () => {
    // The OpenAI backend pointed at the mock, with a key the mock refuses (too short for sk-…).
    const refused = await startWebDemo({
      backend: { kind: "openai", apiKey: "sk-bad", baseUrl: rig.mock.httpUrl },
      pageDir: page.dir,
    });
    try {
      tab = await rig.chromium.open(refused.url);
      const { page: p } = tab;
      await p.click("#connect");
      await p.waitForSelector('#status[data-state="failed"]');
      const error = (await p.textContent("#error")) ?? "";
      expect(error).toContain("HTTP 401");
      expect(error).not.toContain("sk-bad");
      expect(await trackStates(p)).toEqual([]);
    } finally {
      await refused.close();
    }
  });
});
