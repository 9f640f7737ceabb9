// The TypeScript files the check writes into the empty projects.

/**
 * Entries documented to need an optional peer dependency that a plain install leaves out: they may
 * fail to import with "Cannot find package '<peer>'" and nothing else. Every other entry must import.
 */
const NEEDS_OPTIONAL_PEER = { "@echo/core/testing/conformance": ["vitest"] };

/** Every importable entry of a packed package: its `exports` keys as specifiers. */
export function entriesOf(manifest) {
  const exp = manifest.exports;
  const keys =
    exp !== undefined && typeof exp === "object" && Object.keys(exp).some((k) => k.startsWith("."))
      ? Object.keys(exp)
      : ["."];
  const optional = new Set(
    Object.entries(manifest.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta?.optional === true)
      .map(([name]) => name),
  );
  return keys
    .filter((k) => !k.includes("*") && k !== "./package.json")
    .map((k) => {
      const spec = k === "." ? manifest.name : `${manifest.name}/${k.slice(2)}`;
      const optionalPeers = (NEEDS_OPTIONAL_PEER[spec] ?? []).filter((peer) => optional.has(peer));
      return { spec, optionalPeers };
    });
}

/** A file importing every entry, so tsc checks each one's published types. */
export function entryFile(entries) {
  const lines = entries.map((e, i) => `import * as entry${i} from "${e.spec}";`);
  lines.push(`export const entries = [${entries.map((_, i) => `entry${i}`).join(", ")}];`);
  return `${lines.join("\n")}\n`;
}

/** The first ```ts block of the root README, as written. */
export function readmeExample(readme) {
  const match = /```ts\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error("the root README has no ```ts example");
  return match[1];
}

/** Code that imports every entry at runtime into `importFailures` / `needOptionalPeer`. */
function importLoop(entries) {
  return `const entries: { spec: string; optionalPeers: string[] }[] = ${JSON.stringify(entries)};
const importFailures: string[] = [];
const needOptionalPeer: string[] = [];
for (const entry of entries) {
  try {
    await import(entry.spec);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A subpath that needs an optional peer (vitest for a conformance suite) may fail without it.
    const peerMissing = entry.optionalPeers.some((peer) =>
      message.includes(\`Cannot find package '\${peer}'\`),
    );
    if (peerMissing) needOptionalPeer.push(entry.spec);
    else importFailures.push(\`\${entry.spec}: \${message}\`);
  }
}
`;
}

/** A program that imports every entry and prints what failed, as JSON. */
export function importEntriesFile(entries) {
  return `${importLoop(entries)}process.stdout.write(\`\${JSON.stringify({ importFailures, needOptionalPeer })}\\n\`);
`;
}

/** The program that imports every entry at runtime, runs the README example and one EchoCanceller call. */
export function runFile(entries, { aec }) {
  return `${aec ? 'import { EchoCanceller } from "@echo/aec-rs";\n' : ""}
${importLoop(entries)}// After the loop, so a broken entry is reported by name first.
let readme: unknown;
try {
  readme = await (await import("./readme.js")).main();
} catch (error) {
  readme = { error: String(error) };
}
${
  aec
    ? `const canceller = new EchoCanceller({ sampleRate: 24000 });
const far = new Float32Array(canceller.frameSize).map((_, i) => 0.3 * Math.sin(i / 5));
const near = far.map((x) => 0.5 * x);
const cleaned = canceller.process(near, far);
const aec = {
  frameSize: canceller.frameSize,
  outLength: cleaned.length,
  finite: cleaned.every((x) => Number.isFinite(x)),
};`
    : "const aec = null;"
}
process.stdout.write(\`\${JSON.stringify({ importFailures, needOptionalPeer, readme, aec })}\\n\`);
`;
}
