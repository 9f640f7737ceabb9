/**
 * A growable FIFO ring buffer: O(1) `push`/`shift` without `Array.prototype.shift`'s O(n) copy.
 * Capacity is a power of two so the index wraps with a mask.
 * Used for channel buffers and for the queues of pending takers and putters.
 */
export class RingQueue<T> {
  private items: (T | undefined)[];
  private head = 0;
  private size = 0;
  private mask: number;

  /** @param initialCapacity rounded up to a power of two (at least 4). */
  constructor(initialCapacity = 8) {
    let cap = 4;
    while (cap < initialCapacity) cap *= 2;
    this.items = new Array<T | undefined>(cap);
    this.mask = cap - 1;
  }

  /** Number of items held. */
  get length(): number {
    return this.size;
  }

  /** Appends at the tail, growing when full. */
  push(value: T): void {
    if (this.size > this.mask) this.grow();
    this.items[(this.head + this.size) & this.mask] = value;
    this.size++;
  }

  /** Removes and returns the head, or `undefined` when empty. */
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const value = this.items[this.head];
    // Clear the slot so a taken value can be garbage-collected.
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.size--;
    return value;
  }

  /** The head without removing it, or `undefined` when empty. */
  peek(): T | undefined {
    return this.size === 0 ? undefined : this.items[this.head];
  }

  /** Keeps only the items for which `keep` returns true, preserving order. */
  retain(keep: (value: T) => boolean): void {
    const n = this.size;
    // Rotate once through the ring: every item is shifted, the kept ones pushed back.
    for (let i = 0; i < n; i++) {
      const value = this.shift() as T;
      if (keep(value)) this.push(value);
    }
  }

  /** Removes every item and returns them in FIFO order. */
  drain(): T[] {
    const out: T[] = [];
    while (this.size > 0) out.push(this.shift() as T);
    return out;
  }

  private grow(): void {
    const old = this.items;
    const cap = old.length * 2;
    const next = new Array<T | undefined>(cap);
    for (let i = 0; i < this.size; i++) next[i] = old[(this.head + i) & this.mask];
    this.items = next;
    this.head = 0;
    this.mask = cap - 1;
  }
}
