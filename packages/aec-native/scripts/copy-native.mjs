// Copies the cargo-built addon to native/aec.node, where src/native.ts loads it from.
import { copyFileSync, mkdirSync } from "node:fs";

const lib = { darwin: "libaec.dylib", win32: "aec.dll" }[process.platform] ?? "libaec.so";
mkdirSync(new URL("../native/", import.meta.url), { recursive: true });
copyFileSync(
  new URL(`../target/release/${lib}`, import.meta.url),
  new URL("../native/aec.node", import.meta.url),
);
