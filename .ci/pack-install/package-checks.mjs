// What a published package must hold, checked on its packed package.json and file list.

/** Every file path an `exports`/`imports` map points at (conditions flattened). */
function targets(map) {
  if (typeof map === "string") return [map];
  if (map === null || typeof map !== "object") return [];
  return Object.values(map).flatMap(targets);
}

/** Problems of one packed package (an empty list when it is fine to publish). */
export function packageChecks(manifest, files) {
  const problems = [];
  if (![...files].some((f) => /^LICEN[CS]E(\.md|\.txt)?$/i.test(f)))
    problems.push("no LICENSE file in the tarball");
  if (!files.has("README.md")) problems.push("no README.md in the tarball");
  if (typeof manifest.license !== "string") problems.push('no "license" field');
  const repo = manifest.repository;
  if (
    typeof repo !== "object" ||
    typeof repo?.url !== "string" ||
    typeof repo?.directory !== "string"
  ) {
    problems.push(
      'no "repository" field ({ "type": "git", "url": ..., "directory": "packages/<folder>" })',
    );
  }
  for (const target of [...targets(manifest.exports), ...targets(manifest.imports)]) {
    if (target.includes("*")) continue;
    if (!files.has(target.replace(/^\.\//, "")))
      problems.push(`exports/imports point at ${target}, which is not in the tarball`);
  }
  const bins =
    typeof manifest.bin === "string" ? [manifest.bin] : Object.values(manifest.bin ?? {});
  for (const bin of bins) {
    if (!files.has(bin.replace(/^\.\//, ""))) problems.push(`bin ${bin} is not in the tarball`);
  }
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const [name, spec] of Object.entries(manifest[field] ?? {})) {
      if (String(spec).startsWith("workspace:")) problems.push(`${field}.${name} is still ${spec}`);
    }
  }
  return problems;
}
