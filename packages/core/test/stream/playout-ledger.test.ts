import { describe, expect, it } from "vitest";
import { PlayoutLedger } from "../../src/stream/index.js";

const a = { itemId: "a", contentIndex: 0 };
const b = { itemId: "b", contentIndex: 0 };

describe("PlayoutLedger", () => {
  it("counts played samples per item in queue order, and reports silence", () => {
    const ledger = new PlayoutLedger();
    ledger.enqueue(480, a);
    ledger.enqueue(480, a);
    ledger.enqueue(240, b);
    expect(ledger.queuedSamples).toBe(1200);
    expect(ledger.played(1000)).toBe(1000);
    expect(ledger.playedSamples(a)).toBe(960);
    expect(ledger.playedSamples(b)).toBe(40);
    expect(ledger.played(500)).toBe(200); // 300 samples of silence after the queue ran dry
    expect(ledger.playedMs(b)).toBe(10);
    expect(ledger.queuedSamples).toBe(0);
    ledger.enqueue(0, a);
    expect(ledger.queuedSamples).toBe(0);
  });

  it("clear drops what is queued and keeps what was played", () => {
    const ledger = new PlayoutLedger();
    ledger.enqueue(2400, a);
    ledger.played(1200);
    ledger.clear();
    expect(ledger.queuedSamples).toBe(0);
    expect(ledger.playedMs(a)).toBe(50);
    expect(ledger.played(100)).toBe(0);
  });

  it("stays bounded over a long session", () => {
    const ledger = new PlayoutLedger();
    for (let i = 0; i < 1000; i++) {
      const p = { itemId: `i${i}`, contentIndex: 0 };
      ledger.enqueue(10, p);
      ledger.played(10);
      expect(ledger.playedSamples(p)).toBe(10);
    }
    // The oldest items are forgotten.
    expect(ledger.playedSamples({ itemId: "i0", contentIndex: 0 })).toBe(0);
    expect(ledger.playedSamples({ itemId: "i999", contentIndex: 0 })).toBe(10);
  });
});
