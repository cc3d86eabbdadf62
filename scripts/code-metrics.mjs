import ts from 'typescript';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
const files = [];
(function walk(d) { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) files.push(p); } })('src');
const lines = [], long = [];
for (const f of files) {
  const text = readFileSync(f, 'utf8'); lines.push([text.split('\n').length, f]);
  const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true);
  (function visit(n) {
    if (ts.isFunctionLike(n) && n.body) {
      const a = sf.getLineAndCharacterOfPosition(n.getStart()).line, b = sf.getLineAndCharacterOfPosition(n.end).line;
      if (b - a + 1 > 60) long.push([b - a + 1, f + ':' + (a + 1) + ' ' + (n.name ? n.name.getText() : '<anon>')]);
    }
    ts.forEachChild(n, visit);
  })(sf);
}
const s = lines.map(x => x[0]).sort((a, b) => a - b), q = p => s[Math.min(s.length - 1, Math.floor(p * s.length))];
console.log(`files ${s.length} median ${q(0.5)} p90 ${q(0.9)} max ${s[s.length - 1]} funcs>60 ${long.length} modules>200 ${s.filter(x => x > 200).length}`);
if (process.argv[2] === '-v') { long.sort((a, b) => b[0] - a[0]).forEach(x => console.log(x[0], x[1])); lines.sort((a,b)=>b[0]-a[0]).filter(x=>x[0]>200).forEach(x=>console.log('module',x[0],x[1])); }
