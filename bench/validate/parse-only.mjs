// The floor for `specgate validate`: a bare node process that finds the same *.feature files,
// reads them (64 at a time, so 20,000 files cannot exhaust file descriptors) and parses each with
// the official parser (@cucumber/gherkin), nothing else.
// Usage: node bench/validate/parse-only.mjs <folder>
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';

async function walk(dir, out) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(child, out);
    else if (entry.name.endsWith('.feature')) out.push(child);
  }
  return out;
}

const files = await walk(process.argv[2], []);
let scenarios = 0;
let id = 0;
for (let i = 0; i < files.length; i += 64) {
  const texts = await Promise.all(files.slice(i, i + 64).map((f) => readFile(f, 'utf8')));
  for (const text of texts) {
    const parser = new Parser(new AstBuilder(() => String(id++)), new GherkinClassicTokenMatcher());
    const doc = parser.parse(text);
    for (const child of doc.feature?.children ?? []) {
      if (child.scenario) scenarios += 1;
      for (const rc of child.rule?.children ?? []) if (rc.scenario) scenarios += 1;
    }
  }
}
process.stdout.write(`${files.length} files, ${scenarios} scenarios\n`);
