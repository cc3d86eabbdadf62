// Size figures of src/ (non-test .ts files): file count, median/p90/max lines, functions over 60
// lines and modules over 200 lines (the size rules of docs/ARCHITECTURE.md). Counting matches
// ESLint's max-lines / max-lines-per-function defaults (every line, blank and comment included).
//   node scripts/code-metrics.mjs          one summary line
//   node scripts/code-metrics.mjs -v       plus every function > 60 and module > 200 lines
//   node scripts/code-metrics.mjs --json   the same as one JSON object
import ts from 'typescript';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const MAX_FUNCTION_LINES = 60;
const MAX_MODULE_LINES = 200;

function sourceFiles(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function longFunctions(file, text) {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const long = [];
  (function visit(n) {
    if (ts.isFunctionLike(n) && n.body) {
      const a = sf.getLineAndCharacterOfPosition(n.getStart()).line;
      const b = sf.getLineAndCharacterOfPosition(n.end).line;
      if (b - a + 1 > MAX_FUNCTION_LINES) long.push({ lines: b - a + 1, file, line: a + 1, name: n.name ? n.name.getText() : '<anon>' });
    }
    ts.forEachChild(n, visit);
  })(sf);
  return long;
}

function measure(root) {
  const modules = [];
  const functions = [];
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8');
    // As ESLint's max-lines: a final newline does not start another line.
    modules.push({ lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), file });
    functions.push(...longFunctions(file, text));
  }
  const sizes = modules.map((m) => m.lines).sort((a, b) => a - b);
  const q = (p) => sizes[Math.min(sizes.length - 1, Math.floor(p * sizes.length))];
  const longModules = modules.filter((m) => m.lines > MAX_MODULE_LINES).sort((a, b) => b.lines - a.lines);
  functions.sort((a, b) => b.lines - a.lines);
  return {
    files: sizes.length,
    median: q(0.5),
    p90: q(0.9),
    max: sizes[sizes.length - 1],
    functionsOver60: functions.length,
    modulesOver200: longModules.length,
    functions,
    modules: longModules,
  };
}

const m = measure('src');
const args = process.argv.slice(2);
if (args.includes('--json')) {
  process.stdout.write(`${JSON.stringify(m, null, 2)}\n`);
} else {
  console.log(`files ${m.files} median ${m.median} p90 ${m.p90} max ${m.max} funcs>60 ${m.functionsOver60} modules>200 ${m.modulesOver200}`);
  if (args.includes('-v')) {
    for (const f of m.functions) console.log(f.lines, `${f.file}:${f.line} ${f.name}`);
    for (const x of m.modules) console.log('module', x.lines, x.file);
  }
}
