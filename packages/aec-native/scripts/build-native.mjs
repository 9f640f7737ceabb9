#!/usr/bin/env node
// Builds the N-API addon with cargo and places it where src/native.ts loads it from:
// native/<platform>-<arch>/aec.node. Works in the monorepo and in an installed package
// (node_modules/@echo/aec-rs ships the Rust sources, Cargo.toml/lock, build.rs and
// .cargo/config.toml for exactly this). Extra arguments go to cargo; RUSTFLAGS is honoured
// (e.g. RUSTFLAGS="-C target-cpu=native" for a binary that only has to run on this machine).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cargo = process.env.CARGO ?? "cargo";
const args = ["build", "--release", "--lib", "--features", "napi", ...process.argv.slice(2)];
const r = spawnSync(cargo, args, { cwd: root, stdio: "inherit" });
if (r.error) {
  process.stderr.write(
    `build-native: could not run ${cargo} (${r.error.message}). Install Rust 1.80 or newer (https://rustup.rs) and run this again.\n`,
  );
  process.exit(1);
}
if (r.status !== 0) process.exit(r.status ?? 1);
const target = process.env.CARGO_TARGET_DIR ?? `${root}target`;
const lib = { darwin: "libaec.dylib", win32: "aec.dll" }[process.platform] ?? "libaec.so";
const dir = `${root}native/${process.platform}-${process.arch}`;
mkdirSync(dir, { recursive: true });
copyFileSync(`${target}/release/${lib}`, `${dir}/aec.node`);
process.stdout.write(`build-native: wrote ${dir}/aec.node\n`);
