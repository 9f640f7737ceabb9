import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { deviceAvailable } from "./device-helpers.js";

const available = await deviceAvailable();
const script = fileURLToPath(new URL("./fixtures/lifecycle.mjs", import.meta.url));

describe.skipIf(!available)("lifecycle on the real device", () => {
  it("opens and closes speaker and microphone 100 times: no hang, no crash, no leaked handles, exits by itself", async () => {
    const started = Date.now();
    const { code, stdout, stderr } = await new Promise<{
      code: number | string;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      // 100 cycles on the shared stream, then 5 full re-opens (a new PortAudio stream each).
      const child = execFile(
        process.execPath,
        [script, "100", "5"],
        { timeout: 90_000 },
        (error, stdout, stderr) =>
          resolve({
            code: error
              ? `${String((error as { code?: unknown }).code)} ${String((error as { signal?: unknown }).signal)} ${error.message}`
              : 0,
            stdout,
            stderr,
          }),
      );
      child.stdin?.end();
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const result = JSON.parse(stdout.trim().split("\n").pop() ?? "{}");
    expect(result.leakedHandles, JSON.stringify(result.resources)).toBe(0);
    expect(result.children).toBe(0);
    expect(result.frames).toBeGreaterThan(0);
    // It exited by itself: well before the 90 s kill timer.
    expect(Date.now() - started).toBeLessThan(60_000);
    // naudiodon2's printf output went nowhere near our stdout.
    expect(stdout).not.toMatch(/PortAudio|Input audio options|device name/);
  });
});
