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
import { entriesOf, entryFile, readmeExample, runFile } from "./sources.mjs";

const root = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "echo-pack-install-"));
const tarballs = join(work, "tarballs");
const app = join(work, "app");
mkdirSync(tarballs);
mkdirSync(app);

const problems = [];
const note = (line) => process.stdout.write(`${line}\n`);

/** Runs a command and returns its output; a failure stops the check, or (`soft`) is one more problem. */
function run(cmd, args, cwd, { soft = false } = {}) {
  const result = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) {
    const what = `\`${cmd.split("/").at(-1)} ${args.join(" ")}\` failed:\n${output}`;
    if (!soft) throw new Error(what);
    problems.push(what);
  }
  return output;
}

// 1. Pack every published package.
const packages = readdirSync(join(root, "packages"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, "packages", d.name, "package.json")))
  .map((d) => {
    const dir = join(root, "packages", d.name);
    return {
      dir,
      folder: `packages/${d.name}`,
      manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")),
    };
  })
  .filter((p) => p.manifest.private !== true);

for (const pkg of packages) {
  const before = new Set(readdirSync(tarballs));
  run("pnpm", ["pack", "--pack-destination", tarballs], pkg.dir);
  const made = readdirSync(tarballs).filter((f) => !before.has(f));
  if (made.length !== 1) throw new Error(`pnpm pack in ${pkg.folder} made ${made.length} tarballs`);
  pkg.tarball = join(tarballs, made[0]);
  const files = execFileSync("tar", ["-tzf", pkg.tarball], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ""));
  pkg.packed = JSON.parse(
    execFileSync("tar", ["-xOzf", pkg.tarball, "package/package.json"], { encoding: "utf8" }),
  );
  for (const problem of packageChecks(pkg.packed, new Set(files)))
    problems.push(`${pkg.manifest.name}: ${problem}`);
  note(`packed ${pkg.manifest.name} (${files.length} files)`);
}

// 2. An empty project that depends on the tarballs only (overrides make every @echo/* dependency
// of a tarball resolve to its tarball too, never to the registry).
const tarballSpecs = Object.fromEntries(
  packages.map((p) => [p.manifest.name, `file:${p.tarball}`]),
);
const allowScripts = Object.fromEntries(
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: an option of this CI script, not a turbo task
  (process.env.ECHO_PACK_ALLOW_SCRIPTS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => [name, true]),
);
writeFileSync(
  join(app, "package.json"),
  `${JSON.stringify(
    {
      name: "echo-pack-install-check",
      private: true,
      type: "module",
      dependencies: { ...tarballSpecs, typescript: "~5.9.3", "@types/node": "^20.19.0" },
      overrides: tarballSpecs,
      ...(Object.keys(allowScripts).length > 0 ? { allowScripts } : {}),
    },
    null,
    2,
  )}\n`,
);
const installLog = run("npm", ["install", "--no-fund", "--no-audit", "--loglevel=warn"], app);
note(
  `npm install: done${installLog.trim() ? `, said:\n  ${installLog.trim().split("\n").join("\n  ")}` : ", no warnings"}`,
);
if (/failed to create bin|ENOENT/i.test(installLog))
  problems.push(`npm install warned:\n${installLog}`);
if (existsSync(join(app, "node_modules", "vitest")))
  problems.push("vitest was installed: a package depends on it");

// 3. Type-check every entry, the README example and the EchoCanceller call, skipLibCheck off.
const entries = packages.flatMap((p) => entriesOf(p.packed));
writeFileSync(join(app, "entries.ts"), entryFile(entries));
writeFileSync(join(app, "readme.ts"), readmeExample(readFileSync(join(root, "README.md"), "utf8")));
const hasAec = packages.some((p) => p.manifest.name === "@echo/aec-rs");
writeFileSync(join(app, "run.ts"), runFile(entries, { aec: hasAec }));
writeFileSync(
  join(app, "tsconfig.json"),
  `${JSON.stringify(
    {
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
    },
    null,
    2,
  )}\n`,
);
// Emits even with type errors, so the runtime checks below still run and report.
const typeErrors = run(join(app, "node_modules", ".bin", "tsc"), ["-p", "."], app, { soft: true });
note(
  `tsc (skipLibCheck: false), ${entries.length} entries of ${packages.length} packages: ${typeErrors.trim() ? "ERRORS" : "ok"}`,
);

// 4. Run it: every entry imports, the README example works, the canceller cancels.
const out = run("node", ["out/run.js"], app);
const report = JSON.parse(out.trim().split("\n").at(-1));
for (const failure of report.importFailures) problems.push(`import ${failure}`);
note(
  `runtime import of every entry: ${entries.length - report.importFailures.length - report.needOptionalPeer.length} ok` +
    (report.needOptionalPeer.length > 0
      ? `, ${report.needOptionalPeer.join(", ")} need an optional peer (not installed)`
      : ""),
);
const r = report.readme;
note(
  `root README example: transcript ${JSON.stringify(r.transcript)}, audioMs ${r.audioMs}, rejected: ${r.rejected}`,
);
if (!(typeof r.transcript === "string" && r.transcript.length > 0))
  problems.push("README example: empty transcript");
if (!(r.audioMs > 0)) problems.push("README example: no audio reached the speaker");
if (!(typeof r.rejected === "string" && r.rejected.includes("speed")))
  problems.push("README example: the bad session.update was not rejected by validate");
if (hasAec) {
  note(
    `EchoCanceller: frameSize ${report.aec.frameSize}, output ${report.aec.outLength} samples, all finite: ${report.aec.finite}`,
  );
  if (!(report.aec.outLength === report.aec.frameSize && report.aec.finite))
    problems.push("EchoCanceller.process gave no usable frame");
}

// 5. Every bin starts (`--help`).
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

// 6. A fresh clone links every workspace bin (pnpm warns "Failed to create bin" when a bin points
// at a file that only a build makes): each bin of each workspace package must be a committed file.
for (const parent of ["packages", "apps"]) {
  for (const d of readdirSync(join(root, parent), { withFileTypes: true })) {
    const manifestPath = join(root, parent, d.name, "package.json");
    if (!d.isDirectory() || !existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    for (const [bin, target] of Object.entries(binsOf(manifest))) {
      const file = join(parent, d.name, target);
      const tracked =
        spawnSync("git", ["ls-files", "--error-unmatch", file], { cwd: root }).status === 0;
      if (!tracked)
        problems.push(
          `${manifest.name}: bin ${bin} -> ${target} is not a committed file (a fresh install warns "Failed to create bin"); commit a shim that imports dist/`,
        );
    }
  }
}

function binsOf(manifest) {
  if (typeof manifest.bin === "string") return { [manifest.name.split("/").at(-1)]: manifest.bin };
  return manifest.bin ?? {};
}

// biome-ignore lint/suspicious/noUndeclaredEnvVars: an option of this CI script, not a turbo task
if (process.env.ECHO_PACK_KEEP === "1") note(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
if (problems.length > 0) {
  process.stderr.write(
    `\npack-install: ${problems.length} problem(s):\n- ${problems.join("\n- ")}\n`,
  );
  process.exit(1);
}
note(`pack-install: ${packages.length} packages installed alone from tarballs and work`);
