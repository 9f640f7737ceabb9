/** A promise with its resolve and reject functions (Node 20 has no `Promise.withResolvers`). */
export interface Deferred<T> {
  /** The promise. */
  promise: Promise<T>;
  /** Resolves `promise`. */
  resolve(value: T | PromiseLike<T>): void;
  /** Rejects `promise`. */
  reject(reason?: unknown): void;
}

/** Makes a {@link Deferred}: a promise you resolve or reject from outside. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T | PromiseLike<T>) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
