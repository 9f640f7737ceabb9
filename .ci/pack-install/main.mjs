// The pack-and-install check (run by .ci/after.d/50-pack-install.sh; see there for options).
// Every non-private package under packages/ is covered without being listed here.
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packageChecks } from "./package-checks.mjs";
import { entriesOf, entryFile, importEntriesFile, readmeExample, runFile } from "./sources.mjs";

const root = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "echo-pack-install-"));
const tarballs = join(work, "tarballs");
mkdirSync(tarballs);

const problems = [];
// biome-ignore lint/suspicious/noUndeclaredEnvVars: an option of this CI script, not a turbo task
const keep = process.env.ECHO_PACK_KEEP === "1";
process.on("exit", () => {
  if (keep) process.stdout.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
});
const note = (line) => process.stdout.write(`${line}\n`);
const writeJson = (path, value) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

/** Runs a command and returns its output; a failure stops the check, or (`soft`) is one more problem. */
function run(cmd, args, cwd, { soft = false } = {}) {
  const result = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) {
    const what = `\`${cmd.split("/").at(-1)} ${args.join(" ")}\` in ${cwd} failed:\n${output}`;
    if (!soft) throw new Error(what);
    problems.push(what);
  }
  return output;
}

function binsOf(manifest) {
  if (typeof manifest.bin === "string") return { [manifest.name.split("/").at(-1)]: manifest.bin };
  return manifest.bin ?? {};
}

// biome-ignore lint/suspicious/noUndeclaredEnvVars: an option of this CI script, not a turbo task
const allowScripts = (process.env.ECHO_PACK_ALLOW_SCRIPTS ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);

/**
 * Makes an empty npm project in `dir` that depends on `deps` and installs it. `overrides` pin every
 * @echo/* package to its tarball, so a dependency between them never reaches the registry.
 */
function installProject(dir, deps, overrides) {
  mkdirSync(dir, { recursive: true });
  writeJson(join(dir, "package.json"), {
    name: "echo-pack-install-check",
    private: true,
    type: "module",
    dependencies: deps,
    overrides,
    ...(allowScripts.length > 0
      ? { allowScripts: Object.fromEntries(allowScripts.map((n) => [n, true])) }
      : {}),
  });
  const log = run("npm", ["install", "--no-fund", "--no-audit", "--loglevel=warn"], dir);
  if (/failed to create bin|ENOENT/i.test(log))
    problems.push(`npm install in ${dir} warned:\n${log}`);
  for (const line of log.split("\n")) if (/\bwarn\b/i.test(line)) note(`  ${line}`);
  if (existsSync(join(dir, "node_modules", "vitest")))
    problems.push(`vitest was installed in ${dir}: a package depends on it`);
}

/** Type-checks the project in `dir` (its *.ts files) with skipLibCheck off; emits to out/ even with errors. */
function typecheck(dir, tsc) {
  writeJson(join(dir, "tsconfig.json"), {
    compilerOptions: {
      target: "es2022",
      module: "nodenext",
      moduleResolution: "nodenext",
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
      types: ["node"],
      outDir: "out",
    },
    include: ["*.ts"],
  });
  return run("node", [tsc, "-p", "."], dir, { soft: true }).trim() === "";
}

// 1. Pack every published package and check what the tarball holds.
const packages = readdirSync(join(root, "packages"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, "packages", d.name, "package.json")))
  .map((d) => {
    const dir = join(root, "packages", d.name);
    return {
      dir,
      folder: d.name,
      manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")),
    };
  })
  .filter((p) => p.manifest.private !== true);

for (const pkg of packages) {
  const before = new Set(readdirSync(tarballs));
  run("pnpm", ["pack", "--pack-destination", tarballs], pkg.dir);
  const made = readdirSync(tarballs).filter((f) => !before.has(f));
  if (made.length !== 1)
    throw new Error(`pnpm pack in packages/${pkg.folder} made ${made.length} tarballs`);
  pkg.tarball = join(tarballs, made[0]);
  const files = execFileSync("tar", ["-tzf", pkg.tarball], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ""));
  pkg.packed = JSON.parse(
    execFileSync("tar", ["-xOzf", pkg.tarball, "package/package.json"], { encoding: "utf8" }),
  );
  pkg.entries = entriesOf(pkg.packed);
  for (const problem of packageChecks(pkg.packed, new Set(files)))
    problems.push(`${pkg.manifest.name}: ${problem}`);
  note(
    `packed ${pkg.manifest.name}: ${files.length} files, entries ${pkg.entries.map((e) => e.spec).join(", ")}`,
  );
}
const byName = new Map(packages.map((p) => [p.manifest.name, p]));
const tarballSpecs = Object.fromEntries(
  packages.map((p) => [p.manifest.name, `file:${p.tarball}`]),
);

// 2. All packages in one empty project, with TypeScript: every entry type-checks, the root README
// example and one EchoCanceller call run, every bin starts.
const app = join(work, "all");
installProject(
  app,
  { ...tarballSpecs, typescript: "~5.9.3", "@types/node": "^20.19.0" },
  tarballSpecs,
);
const tsc = join(app, "node_modules", "typescript", "bin", "tsc");
const entries = packages.flatMap((p) => p.entries);
const hasAec = byName.has("@echo/aec-rs");
writeFileSync(join(app, "entries.ts"), entryFile(entries));
writeFileSync(join(app, "readme.ts"), readmeExample(readFileSync(join(root, "README.md"), "utf8")));
writeFileSync(join(app, "run.ts"), runFile(entries, { aec: hasAec }));
note(
  `all together: npm install ok; tsc (skipLibCheck: false) over ${entries.length} entries, the README example${hasAec ? " and the EchoCanceller call" : ""}: ${typecheck(app, tsc) ? "ok" : "ERRORS"}`,
);

const report = JSON.parse(run("node", ["out/run.js"], app).trim().split("\n").at(-1));
for (const failure of report.importFailures) problems.push(`import ${failure}`);
const optional =
  report.needOptionalPeer.length > 0
    ? ` (${report.needOptionalPeer.join(", ")}: needs an optional peer, not installed)`
    : "";
note(
  `runtime import of every entry: ${report.importFailures.length === 0 ? "ok" : "FAILED"}${optional}`,
);
const r = report.readme;
if (r.error !== undefined) problems.push(`README example threw: ${r.error}`);
else {
  note(
    `root README example: transcript ${JSON.stringify(r.transcript)}, audioMs ${r.audioMs}, rejected: ${JSON.stringify(r.rejected?.split("\n")[0])}`,
  );
  if (!(typeof r.transcript === "string" && r.transcript.length > 0))
    problems.push("README example: empty transcript");
  if (!(r.audioMs > 0)) problems.push("README example: no audio reached the speaker");
  if (!(typeof r.rejected === "string" && r.rejected.includes("speed")))
    problems.push("README example: the bad session.update was not rejected by validate");
}
if (hasAec) {
  const a = report.aec;
  note(
    `EchoCanceller.process: frameSize ${a.frameSize}, ${a.outLength} samples out, all finite: ${a.finite}`,
  );
  if (!(a.outLength === a.frameSize && a.finite))
    problems.push("EchoCanceller.process gave no usable frame");
}
for (const pkg of packages) {
  for (const bin of Object.keys(binsOf(pkg.packed))) {
    const path = join(app, "node_modules", ".bin", bin);
    if (!existsSync(path)) {
      problems.push(`${pkg.manifest.name}: bin ${bin} was not linked`);
      continue;
    }
    const help = spawnSync(path, ["--help"], { encoding: "utf8", timeout: 10_000 });
    if (help.status !== 0)
      problems.push(
        `${pkg.manifest.name}: \`${bin} --help\` exited ${help.status}: ${help.stderr}`,
      );
    else note(`bin ${bin} --help: ok`);
  }
}

// 3. Each package alone (with only the @echo packages it declares): its entries type-check and
// import, so a dependency another package happens to bring along cannot hide a missing one.
function echoClosure(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  const m = byName.get(name)?.packed ?? {};
  const optionalPeers = new Set(
    Object.entries(m.peerDependenciesMeta ?? {})
      .filter(([, v]) => v?.optional)
      .map(([k]) => k),
  );
  for (const dep of [
    ...Object.keys(m.dependencies ?? {}),
    ...Object.keys(m.peerDependencies ?? {}),
  ]) {
    if (byName.has(dep) && !optionalPeers.has(dep)) echoClosure(dep, seen);
  }
  return seen;
}
for (const pkg of packages) {
  const dir = join(work, "alone", pkg.folder);
  const closure = [...echoClosure(pkg.manifest.name)];
  installProject(
    dir,
    { ...Object.fromEntries(closure.map((n) => [n, tarballSpecs[n]])), "@types/node": "^20.19.0" },
    tarballSpecs,
  );
  writeFileSync(join(dir, "entries.ts"), entryFile(pkg.entries));
  writeFileSync(join(dir, "import.ts"), importEntriesFile(pkg.entries));
  const typesOk = typecheck(dir, tsc);
  const alone = JSON.parse(run("node", ["out/import.js"], dir).trim().split("\n").at(-1));
  for (const failure of alone.importFailures)
    problems.push(`${pkg.manifest.name} alone: import ${failure}`);
  const others = closure.filter((n) => n !== pkg.manifest.name);
  note(
    `alone: ${pkg.manifest.name}${others.length > 0 ? ` (+ ${others.join(", ")})` : ""}: types ${typesOk ? "ok" : "ERRORS"}, import ${alone.importFailures.length === 0 ? "ok" : "FAILED"}`,
  );
}

// 4. A fresh clone links every workspace bin (pnpm warns "Failed to create bin" when a bin points
// at a file that only a build makes): each bin of each workspace package must be a committed file.
for (const parent of ["packages", "apps"]) {
  for (const d of readdirSync(join(root, parent), { withFileTypes: true })) {
    const manifestPath = join(root, parent, d.name, "package.json");
    if (!d.isDirectory() || !existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    for (const [bin, target] of Object.entries(binsOf(manifest))) {
      const file = join(parent, d.name, target);
      if (spawnSync("git", ["ls-files", "--error-unmatch", file], { cwd: root }).status !== 0) {
        problems.push(
          `${manifest.name}: bin ${bin} -> ${target} is not a committed file (a fresh install warns "Failed to create bin"); commit a shim that imports dist/`,
        );
      }
    }
  }
}

if (problems.length > 0) {
  process.stderr.write(
    `\npack-install: ${problems.length} problem(s):\n- ${problems.join("\n- ")}\n`,
  );
  process.exit(1);
}
note(
  `pack-install: ${packages.length} packages install from tarballs, together and alone, and work`,
);
