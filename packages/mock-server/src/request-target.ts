/** The request target as a URL, or `null` when it is not one (e.g. `http://[`, which `new URL` throws on). */
export function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? "/", "http://localhost");
  } catch {
    return null;
  }
}
