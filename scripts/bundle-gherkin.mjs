// Bundles @cucumber/gherkin (and the parts of @cucumber/messages it uses) into one module,
// dist/generated/gherkin.js, and points the compiled imports of '@cucumber/gherkin' at it. The
// package is 20 modules and a 575 KB parser table file; node resolves, reads and compiles each
// module on every start, which cost a one-file `specgate validate` ≈ 27 ms of CPU (docs/benchmarks.md).
// The bundle is the same code, tree-shaken. Sources and tests (vitest) keep importing the package.
// rolldown is a pinned dev dependency (vite uses the same one); without it (an install that
// omitted dev dependencies) the build keeps the package import and prints so.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(REPO, 'dist');
const OUT = path.join(DIST, 'generated/gherkin.js');
/** The compiled modules that import the parser. */
const IMPORTERS = ['core/spec/gherkin.js', 'core/generate/model.js', 'core/security/endpoints.js'];

let rolldown;
try {
  rolldown = await import('rolldown');
} catch {
  console.log('gherkin bundle: rolldown not installed, dist keeps importing @cucumber/gherkin');
  process.exit(0);
}

const entry = path.join(DIST, 'generated/gherkin-entry.mjs');
fs.mkdirSync(path.dirname(entry), { recursive: true });
fs.writeFileSync(entry, "export * from '@cucumber/gherkin';\n");
try {
  await rolldown.build({ input: entry, platform: 'node', logLevel: 'warn', output: { file: OUT, format: 'esm', codeSplitting: false } });
} finally {
  fs.rmSync(entry, { force: true });
}
for (const rel of IMPORTERS) {
  const file = path.join(DIST, rel);
  const text = fs.readFileSync(file, 'utf8');
  const target = path.relative(path.dirname(file), OUT).split(path.sep).join('/');
  const next = text.replace(/from '@cucumber\/gherkin';/g, `from '${target.startsWith('.') ? target : `./${target}`}';`);
  if (next === text && !text.includes(`from '${target}'`)) throw new Error(`gherkin bundle: ${rel} no longer imports '@cucumber/gherkin'; update IMPORTERS`);
  fs.writeFileSync(file, next);
}
console.log(`gherkin bundle: ${path.relative(REPO, OUT)} (${Math.round(fs.statSync(OUT).size / 1024)} KiB), ${IMPORTERS.length} importers rewritten`);
