// The TypeScript files the check writes into the empty project.

/** Every importable entry of a packed package: its `exports` keys as specifiers, with its optional peers. */
export function entriesOf(manifest) {
  const keys =
    typeof manifest.exports === "string" || manifest.exports === undefined
      ? ["."]
      : Object.keys(manifest.exports).some((k) => k.startsWith("."))
        ? Object.keys(manifest.exports)
        : ["."];
  const optionalPeers = Object.entries(manifest.peerDependenciesMeta ?? {})
    .filter(([, meta]) => meta?.optional === true)
    .map(([name]) => name);
  return keys
    .filter((k) => !k.includes("*") && k !== "./package.json")
    .map((k) => ({
      spec: k === "." ? manifest.name : `${manifest.name}/${k.slice(2)}`,
      optionalPeers,
    }));
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

/** The program that imports every entry at runtime, runs the README example and one EchoCanceller call. */
export function runFile(entries, { aec }) {
  return `import { main } from "./readme.js";
${aec ? 'import { EchoCanceller } from "@echo/aec-rs";\n' : ""}
const entries: { spec: string; optionalPeers: string[] }[] = ${JSON.stringify(entries)};
const importFailures: string[] = [];
const needOptionalPeer: string[] = [];
for (const entry of entries) {
  try {
    await import(entry.spec);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A subpath that needs an optional peer (vitest for a conformance suite) may fail without it.
    if (entry.optionalPeers.some((peer) => message.includes(\`'\${peer}'\`))) {
      needOptionalPeer.push(entry.spec);
      continue;
    }
    importFailures.push(\`\${entry.spec}: \${message}\`);
  }
}
const readme = await main();
${
  aec
    ? `const canceller = new EchoCanceller({ sampleRate: 24000 });
const far = new Float32Array(canceller.frameSize).map((_, i) => 0.3 * Math.sin(i / 5));
const near = far.map((x) => 0.5 * x);
const cleaned = canceller.process(near, far);
const aec = { frameSize: canceller.frameSize, outLength: cleaned.length, finite: cleaned.every((x) => Number.isFinite(x)) };`
    : "const aec = null;"
}
process.stdout.write(\`\${JSON.stringify({ importFailures, needOptionalPeer, readme, aec })}\\n\`);
`;
}
