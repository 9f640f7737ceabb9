/** A promise with its resolve and reject functions (Node 20 has no `Promise.withResolvers`). */
export interface Deferred<T> {
  /** The promise. */
  readonly promise: Promise<T>;
  /** Settles the promise with a value. */
  resolve(value: T): void;
  /** Settles the promise with an error. */
  reject(error: unknown): void;
}

/** Makes a {@link Deferred}. */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
