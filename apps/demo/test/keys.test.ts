import { describe, expect, it } from "vitest";
import { type HoldTimers, PushToTalkHold, parseCommand, readKeys } from "../src/voice/keys.js";

describe("readKeys", () => {
  it("maps hotkeys, Ctrl-C and Ctrl-D", () => {
    expect(readKeys(undefined, "mp ?\x03\x04").actions).toEqual([
      { type: "toggle-mute" },
      { type: "toggle-push-to-talk" },
      { type: "talk" },
      { type: "toggle-help" },
      { type: "ctrl-c" },
      { type: "run", command: { kind: "quit" } },
    ]);
  });

  it("edits a /command across presses and runs it on Enter", () => {
    let state = readKeys(undefined, "/qu");
    expect(state.command).toBe("/qu");
    expect(state.actions.at(-1)).toEqual({ type: "edit", text: "/qu" });
    state = readKeys(state.command, "x\x7fit\r");
    expect(state.command).toBeUndefined();
    expect(state.actions.at(-1)).toEqual({ type: "edit", text: undefined });
    expect(state.actions).toContainEqual({ type: "run", command: { kind: "quit" } });
  });

  it("does not treat letters of a command as hotkeys", () => {
    const { actions } = readKeys(undefined, "/mute\r");
    expect(actions.filter((a) => a.type === "toggle-mute")).toEqual([]);
    expect(actions).toContainEqual({ type: "run", command: { kind: "mute" } });
  });

  it("drops a command on Esc or when erased, and ignores arrow keys", () => {
    expect(readKeys("/he", "\x1b").command).toBeUndefined();
    expect(readKeys("/", "\x7f").command).toBeUndefined();
    expect(readKeys(undefined, "\x1b[A\x1b[B").actions).toEqual([]);
    expect(readKeys(undefined, "\x1b").actions).toEqual([{ type: "close-help" }]);
  });

  it("Ctrl-C works while typing a command", () => {
    expect(readKeys("/hel", "\x03").actions).toEqual([{ type: "ctrl-c" }]);
  });
});

describe("parseCommand", () => {
  it("knows /help, /quit, /mute, /unmute, and says what it does not know", () => {
    expect(parseCommand("/help")).toEqual({ kind: "help" });
    expect(parseCommand(" /QUIT ")).toEqual({ kind: "quit" });
    expect(parseCommand("/exit")).toEqual({ kind: "quit" });
    expect(parseCommand("/mute")).toEqual({ kind: "mute" });
    expect(parseCommand("/unmute")).toEqual({ kind: "unmute" });
    expect(parseCommand("/dance")).toEqual({ kind: "unknown", text: "/dance" });
  });
});

/** Timers the test fires by hand. */
function manualTimers() {
  let pending: { fn: () => void; ms: number } | undefined;
  const timers: HoldTimers = {
    set(fn, ms) {
      pending = { fn, ms };
      return pending;
    },
    clear(handle) {
      if (pending === handle) pending = undefined;
    },
  };
  return {
    timers,
    get delay() {
      return pending?.ms;
    },
    fire() {
      const p = pending;
      pending = undefined;
      p?.fn();
    },
  };
}

describe("PushToTalkHold", () => {
  it("is held from the first press until the key repeat stops", () => {
    const t = manualTimers();
    const changes: boolean[] = [];
    const hold = new PushToTalkHold((held) => changes.push(held), {
      timers: t.timers,
      firstRepeatMs: 700,
      releaseMs: 200,
    });
    hold.press();
    expect(changes).toEqual([true]);
    // Before the auto-repeat starts, it waits the long delay.
    expect(t.delay).toBe(700);
    hold.press();
    hold.press();
    expect(changes).toEqual([true]);
    // Once repeating, a short gap is a release.
    expect(t.delay).toBe(200);
    t.fire();
    expect(changes).toEqual([true, false]);
    expect(hold.held).toBe(false);
  });

  it("a single tap holds for the repeat delay, and release() lets go at once", () => {
    const t = manualTimers();
    const changes: boolean[] = [];
    const hold = new PushToTalkHold((held) => changes.push(held), { timers: t.timers });
    hold.press();
    t.fire();
    expect(changes).toEqual([true, false]);
    hold.press();
    hold.release();
    hold.release();
    expect(changes).toEqual([true, false, true, false]);
    expect(t.delay).toBeUndefined();
  });
});
