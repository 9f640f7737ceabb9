/**
 * A meter that rises at once and falls at `fallDbPerSecond`, like a peak meter: raw 20 ms
 * levels drop to silence between words, which makes a meter flicker.
 */
export class MeterBallistics {
  #db: number;
  #at: number | undefined;
  readonly #fall: number;
  readonly #floor: number;

  constructor(floorDb: number, fallDbPerSecond = 30) {
    this.#db = floorDb;
    this.#floor = floorDb;
    this.#fall = fallDbPerSecond;
  }

  /** A new reading at wall time `at` (ms); returns what the meter shows. */
  update(db: number, at: number): number {
    const elapsed = this.#at === undefined ? 0 : Math.max(0, at - this.#at);
    this.#at = at;
    const fallen = this.#db - (this.#fall * elapsed) / 1000;
    this.#db = Math.max(this.#floor, db, fallen);
    return this.#db;
  }
}
