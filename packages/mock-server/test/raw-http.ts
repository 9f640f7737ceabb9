import { once } from "node:events";
import { type Socket, connect as tcp } from "node:net";

/** Sends raw HTTP on one socket and collects what comes back until the server closes it. */
export async function rawHttp(
  port: number,
  requests: (string | Buffer)[],
  waitMs = 2000,
): Promise<{ text: string; error?: string }> {
  const s: Socket = tcp(port, "127.0.0.1");
  let text = "";
  let error: string | undefined;
  s.setEncoding("utf8");
  s.on("data", (d: string) => {
    text += d;
  });
  s.on("error", (e) => {
    error = (e as NodeJS.ErrnoException).code ?? e.message;
  });
  await once(s, "connect");
  for (const r of requests) s.write(r);
  await Promise.race([once(s, "close"), new Promise((r) => setTimeout(r, waitMs))]);
  s.destroy();
  return error === undefined ? { text } : { text, error };
}
