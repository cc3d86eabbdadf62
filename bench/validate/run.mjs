// Benchmark for `specgate validate` (issue: spec preflight). Builds a corpus of 2,000 feature files
// × 10 scenarios with resource tags under bench/.work/validate (gitignored), then reports medians of:
//   (a) `specgate validate` on it: the real CLI process (node start + module load + discovery + read
//       + parse + rules + report), as a user runs it;
//   (b) the floor: a bare node process reading the same files and parsing them with @cucumber/gherkin
//       (bench/validate/parse-only.mjs), node start included on both sides for fairness;
//   and the ratio a/b (target ≤ 1.3). Also `specgate --version` cold start (target ≤ 150 ms).
// Usage: npm run build && node bench/validate/run.mjs [--runs N] [--files N]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WORK = path.join(REPO, 'bench/.work/validate');
const BIN = path.join(REPO, 'bin/specgate');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('--runs', 7);
const FILES = arg('--files', 2000);
const SCENARIOS = 10;

function buildCorpus() {
  const marker = path.join(WORK, `.corpus-${FILES}x${SCENARIOS}`);
  if (fs.existsSync(marker)) return;
  fs.rmSync(WORK, { recursive: true, force: true });
  // The corpus has its own specgate.yaml so the project root is this folder, not the repository.
  fs.mkdirSync(WORK, { recursive: true });
  fs.writeFileSync(path.join(WORK, 'specgate.yaml'), 'features:\n  - features\n');
  for (let f = 0; f < FILES; f += 1) {
    const dir = path.join(WORK, 'features', `area-${String(f % 40).padStart(2, '0')}`);
    fs.mkdirSync(dir, { recursive: true });
    const lines = [`@resource:cpu=0.${(f % 9) + 1}25,memory=${256 + (f % 8) * 128},storage=${50 + f},story_points=${(f % 13) + 1}`, `Feature: capability ${f}`, '', '  Background:', `    Given a tenant "t${f}" with an account`, ''];
    for (let s = 0; s < SCENARIOS; s += 1) {
      if (s % 3 === 0) lines.push(`  @resource:cpu=${(s % 4) + 1}.5,memory=${512 * ((s % 4) + 1)},storage=${100 * (s + 1)},story_points=${s + 1}`);
      if (s === SCENARIOS - 1) {
        lines.push(`  Scenario Outline: capability ${f} handles amount <amount>`, '    When the user submits <amount> EUR', '    And the ledger records it', '    Then the balance changes by <amount>', '    But no fee is charged', '', '    Examples:', '      | amount |', '      | 1      |', '      | 20     |', '      | 300    |', '');
      } else {
        lines.push(`  Scenario: capability ${f} case ${s}`, `    When the user does step ${s} with "value ${s}"`, '    And the system acknowledges it', `    Then the result is ${s * 7}`, '      | field | value |', `      | id    | ${f}-${s} |`, '');
      }
    }
    fs.writeFileSync(path.join(dir, `capability-${f}.feature`), `${lines.join('\n')}\n`);
  }
  fs.writeFileSync(marker, '');
}

/**
 * Runs `node ...args` once through bash and returns wall-clock ms and the child's CPU ms
 * (user + sys, from bash's `times`). CPU time is far less disturbed than wall time when other
 * work shares the machine, so both are reported.
 */
function timeOnce(args) {
  const quoted = [process.execPath, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const start = process.hrtime.bigint();
  const r = spawnSync('/bin/bash', ['-c', `${quoted} > "$OUT"; status=$?; times; exit $status`], {
    cwd: WORK,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true', OUT: path.join(WORK, '.stdout') },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  // `times` prints the shell's own user/sys, then its children's: `0m1.234s 0m0.120s`.
  const children = r.stdout.trim().split('\n').at(-1) ?? '';
  const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((n, m) => n + (Number(m[1]) * 60 + Number(m[2])) * 1000, 0);
  return { ms, cpu, stdout: fs.readFileSync(path.join(WORK, '.stdout'), 'utf8') };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (!fs.existsSync(path.join(REPO, 'dist/cli/main.js'))) throw new Error('run `npm run build` first');
buildCorpus();
const bytes = fs.readdirSync(path.join(WORK, 'features'), { recursive: true }).filter((n) => String(n).endsWith('.feature')).reduce((n, rel) => n + fs.statSync(path.join(WORK, 'features', String(rel))).size, 0);

// One warm-up of each (page cache, compile cache), then interleaved runs so drift hits both alike.
const validateArgs = [BIN, 'validate', '--mode', 'compliance'];
const floorArgs = [path.join(REPO, 'bench/validate/parse-only.mjs'), path.join(WORK, 'features')];
console.log(timeOnce(validateArgs).stdout.trim());
console.log(timeOnce(floorArgs).stdout.trim());
const a = [];
const b = [];
for (let i = 0; i < RUNS; i += 1) {
  a.push(timeOnce(validateArgs));
  b.push(timeOnce(floorArgs));
}
const version = [];
const bare = [];
for (let i = 0; i < Math.max(RUNS, 11); i += 1) {
  version.push(timeOnce([BIN, '--version']));
  bare.push(timeOnce(['-e', '0']));
}

// In-process: the same work without node start or module loading, JIT warm after one round.
// (a') validateSpecs() from dist (discovery, reads through the FileSystem port, digests, parse,
// rules, report) against (b') reading the same files and parsing them with @cucumber/gherkin.
const { validateSpecs } = await import(path.join(REPO, 'dist/app/spec/validate.js'));
const { NodeFileSystem } = await import(path.join(REPO, 'dist/adapters/node-fs.js'));
const { AstBuilder, GherkinClassicTokenMatcher, Parser } = await import('@cucumber/gherkin');
const nodeFs = new NodeFileSystem();
const featureFiles = fs.readdirSync(path.join(WORK, 'features'), { recursive: true }).map(String).filter((n) => n.endsWith('.feature')).map((n) => path.join(WORK, 'features', n));
const inValidate = async () => validateSpecs({ fs: nodeFs, root: WORK, paths: ['features'], mode: 'compliance' });
const inFloor = async () => {
  const texts = await Promise.all(featureFiles.map((f) => fs.promises.readFile(f, 'utf8')));
  let id = 0;
  for (const text of texts) new Parser(new AstBuilder(() => String(id++)), new GherkinClassicTokenMatcher()).parse(text);
};
const inA = [];
const inB = [];
for (let i = 0; i <= RUNS; i += 1) {
  const t0 = performance.now();
  await inValidate();
  const t1 = performance.now();
  await inFloor();
  const t2 = performance.now();
  if (i > 0) {
    inA.push(t1 - t0);
    inB.push(t2 - t1);
  }
}

const fmt = (ms) => `${ms.toFixed(0)} ms`;
const all = (xs, key) => xs.map((x) => x[key].toFixed(0)).join(', ');
const [aWall, bWall, aCpu, bCpu] = [median(a.map((x) => x.ms)), median(b.map((x) => x.ms)), median(a.map((x) => x.cpu)), median(b.map((x) => x.cpu))];
const vWall = median(version.map((x) => x.ms));
const load = fs.existsSync('/proc/loadavg') ? fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'n/a';
console.log(`corpus: ${FILES} files x ${SCENARIOS} scenarios, ${(bytes / 1024 / 1024).toFixed(1)} MB (${WORK})`);
console.log(`runs: ${RUNS} each, interleaved, medians; node ${process.version}; load average ${load}`);
console.log(`                                                    wall        cpu (user+sys)`);
console.log(`(a) specgate validate (the CLI process)            ${fmt(aWall).padEnd(11)} ${fmt(aCpu)}`);
console.log(`(b) floor: node + read + @cucumber/gherkin parse   ${fmt(bWall).padEnd(11)} ${fmt(bCpu)}`);
console.log(`ratio a/b                                          ${(aWall / bWall).toFixed(2).padEnd(11)} ${(aCpu / bCpu).toFixed(2)}   (target <= 1.30)`);
console.log(`specgate --version cold start                      ${fmt(vWall).padEnd(11)} ${fmt(median(version.map((x) => x.cpu)))}   (target <= 150 ms wall)`);
console.log(`bare \`node -e 0\`                                   ${fmt(median(bare.map((x) => x.ms))).padEnd(11)} ${fmt(median(bare.map((x) => x.cpu)))}`);
console.log(`in-process, warm: (a') validateSpecs ${fmt(median(inA))}, (b') read + parse ${fmt(median(inB))}, ratio ${(median(inA) / median(inB)).toFixed(2)}`);
console.log(`samples wall (a): ${all(a, 'ms')}`);
console.log(`samples wall (b): ${all(b, 'ms')}`);
