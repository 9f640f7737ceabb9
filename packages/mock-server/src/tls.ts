import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { MockCertificateError } from "./errors.js";

const run = promisify(execFile);

/** A certificate and its private key, PEM-encoded. */
export interface SelfSignedCertificate {
  /** The certificate (trust it as a CA: it signs itself). */
  cert: string;
  /** The private key. */
  key: string;
}

/**
 * Makes a one-day self-signed certificate for `localhost`, `127.0.0.1` and `::1` with the
 * `openssl` command (present on Debian machines; no npm dependency needed). Rejects with a
 * {@link MockCertificateError} (a fault) when `openssl` is missing or fails.
 */
export async function makeSelfSignedCertificate(host: string): Promise<SelfSignedCertificate> {
  const dir = await mkdtemp(join(tmpdir(), "echo-mock-tls-"));
  try {
    const keyPath = join(dir, "key.pem");
    const certPath = join(dir, "cert.pem");
    const names = new Set(["DNS:localhost", "IP:127.0.0.1", "IP:::1"]);
    names.add(/^[\d.]+$/.test(host) || host.includes(":") ? `IP:${host}` : `DNS:${host}`);
    await run("openssl", [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=echo mock server",
      "-addext",
      `subjectAltName=${[...names].join(",")}`,
      "-keyout",
      keyPath,
      "-out",
      certPath,
    ]);
    const [cert, key] = await Promise.all([readFile(certPath, "utf8"), readFile(keyPath, "utf8")]);
    return { cert, key };
  } catch (e) {
    throw new MockCertificateError(
      "Could not make a self-signed certificate with `openssl`. Install it (apt-get install openssl) or start the mock without `tls: true`.",
      { cause: e },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
