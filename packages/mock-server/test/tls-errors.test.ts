import { afterEach, describe, expect, it, vi } from "vitest";
import { MockCertificateError } from "../src/errors.js";
import { makeSelfSignedCertificate } from "../src/tls.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("makeSelfSignedCertificate without openssl", () => {
  it("rejects with a fault (MockCertificateError) that says how to fix it, the failure as cause", async () => {
    vi.stubEnv("PATH", "/nonexistent-echo-test-dir");
    const error = await makeSelfSignedCertificate("127.0.0.1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MockCertificateError);
    expect(error).toMatchObject({
      name: "MockCertificateError",
      kind: "fault",
      code: "certificate_failed",
    });
    expect((error as Error).message).toMatch(/apt-get install openssl.*without `tls: true`/);
    expect((error as Error).cause).toMatchObject({ code: "ENOENT" });
  });
});
