import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { naudiodonBackendAt } from "../src/backend/naudiodon.js";
import { deviceAvailable } from "./device-helpers.js";

const available = await deviceAvailable();
const built = join(
  dirname(createRequire(import.meta.url).resolve("naudiodon2/package.json")),
  "build",
  "Release",
);
const folder = mkdtempSync(join(tmpdir(), "echo-relocated-addon-"));

/**
 * What pnpm's side-effects cache does: the built package copied to another folder, its addon's
 * RUNPATH still naming the folder it was built in. Here that folder is made not to exist by
 * overwriting the RUNPATH string in the copy with a path of the same length that does not exist.
 */
function relocatedAddon(): string {
  const addon = readFileSync(join(built, "naudiodon.node"));
  // The RUNPATH string: NUL-terminated, ending in naudiodon2/build/Release.
  const end = addon.indexOf(Buffer.from("naudiodon2/build/Release\0")) + 24;
  expect(end, "the built addon names its build folder as RUNPATH").toBeGreaterThan(24);
  const start = addon.lastIndexOf(0, end - 1) + 1;
  Buffer.from("/nonexistent-echo".padEnd(end - start, "x")).copy(addon, start);
  const copy = join(folder, "naudiodon.node");
  writeFileSync(copy, addon);
  copyFileSync(join(built, "libportaudio.so.2"), join(folder, "libportaudio.so.2"));
  return copy;
}

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.skipIf(!available)("naudiodon2 addon relocated by a package manager's cache", () => {
  it("still loads its bundled libportaudio and lists the devices", async () => {
    const addon = relocatedAddon();
    const devices = await naudiodonBackendAt(() => addon).listDevices();
    expect(devices.some((d) => d.maxOutputChannels > 0)).toBe(true);
  });
});
