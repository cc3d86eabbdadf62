#!/usr/bin/env node
// Benchmark: `specgate sbom` against the reference generator @cyclonedx/cyclonedx-npm@6.0.1 on a
// real installed project of 1,258 packages (bench/sbom/project: pinned package.json + lockfile).
// Installs everything under bench/.work/sbom (never into the repository root), runs each tool
// WARMUP + RUNS times, and prints both medians, the ratio and the difference of the purl sets.
//
//   node bench/sbom/run.mjs [--runs N]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const WORK = path.join(REPO, 'bench/.work/sbom');
const PROJECT = path.join(WORK, 'project');
const TOOL = path.join(WORK, 'cyclonedx-npm');
const REFERENCE = '@cyclonedx/cyclonedx-npm@6.0.1';
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg === -1 ? 5 : Number(process.argv[runsArg + 1]);
const WARMUP = 1;

function sh(cmd, args, cwd, extraEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...extraEnv }, maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) {
    console.error(`failed: ${cmd} ${args.join(' ')}\n${r.stderr}`);
    process.exit(1);
  }
  return r;
}

function prepare() {
  mkdirSync(PROJECT, { recursive: true });
  const lock = readFileSync(path.join(HERE, 'project/package-lock.json'));
  const installedLock = path.join(PROJECT, 'node_modules/.package-lock.json');
  const stamp = path.join(PROJECT, '.installed-from');
  const fresh = existsSync(installedLock) && existsSync(stamp) && readFileSync(stamp).equals(lock);
  if (!fresh) {
    copyFileSync(path.join(HERE, 'project/package.json'), path.join(PROJECT, 'package.json'));
    copyFileSync(path.join(HERE, 'project/package-lock.json'), path.join(PROJECT, 'package-lock.json'));
    console.log('installing the bench project (npm ci --ignore-scripts)…');
    sh('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], PROJECT);
    writeFileSync(stamp, lock);
  }
  const bin = path.join(TOOL, 'node_modules/@cyclonedx/cyclonedx-npm/bin/cyclonedx-npm-cli.js');
  if (!existsSync(bin)) {
    mkdirSync(TOOL, { recursive: true });
    writeFileSync(path.join(TOOL, 'package.json'), '{"private":true}\n');
    console.log(`installing ${REFERENCE} into bench/.work…`);
    sh('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', REFERENCE], TOOL);
  }
  if (!existsSync(path.join(REPO, 'dist/cli/main.js'))) sh('npm', ['run', 'build'], REPO);
  return bin;
}

// GNU time reports the child's CPU (user + sys): on a shared, loaded machine wall time mostly
// measures the queue for a core, CPU time measures the work.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(label, cmd, args, cwd, env) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < WARMUP + RUNS; i += 1) {
    const start = performance.now();
    const r = GNU_TIME ? sh(GNU_TIME, ['-f', 'CPU %U %S', cmd, ...args], cwd, env) : sh(cmd, args, cwd, env);
    const ms = performance.now() - start;
    if (i < WARMUP) continue;
    wall.push(ms);
    const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
    if (m) cpu.push((Number(m[1]) + Number(m[2])) * 1000);
  }
  const w = median(wall);
  const c = cpu.length > 0 ? median(cpu) : undefined;
  console.log(
    `${label.padEnd(31)} wall median ${w.toFixed(0).padStart(6)} ms` +
      (c === undefined ? '' : `   cpu median ${c.toFixed(0).padStart(6)} ms`) +
      `   (wall runs: ${wall.map((s) => s.toFixed(0)).join(', ')})`,
  );
  return { wall: w, cpu: c };
}

/** purls without qualifiers/subpath: cyclonedx-npm may add ?vcs_url / download_url where ours has none. */
function purls(file) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const out = new Set();
  const walk = (list) => {
    for (const c of list ?? []) {
      if (c.purl) out.add(c.purl.replace(/[?#].*$/, ''));
      walk(c.components);
    }
  };
  walk(doc.components);
  return { set: out, count: out.size };
}

const bin = prepare();
const ours = path.join(WORK, 'specgate.cdx.json');
const theirs = path.join(WORK, 'cyclonedx-npm.cdx.json');
const packages = Object.keys(JSON.parse(readFileSync(path.join(PROJECT, 'package-lock.json'), 'utf8')).packages).length - 1;
console.log(`project: ${packages} locked packages (bench/sbom/project), ${RUNS} runs after ${WARMUP} warm-up, node ${process.version}`);
console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on a machine shared with other work`);
const a = time('specgate sbom', process.execPath, [path.join(REPO, 'bin/specgate'), 'sbom', '--project', PROJECT, '--include-dev', '--out', ours], REPO, {});
const b = time(REFERENCE, process.execPath, [bin, '--output-format', 'JSON', '--spec-version', '1.6', '--flatten-components', '--output-file', theirs], PROJECT, {
  NODE_ENV: 'development',
});
console.log(`ratio (wall): specgate is ${(b.wall / a.wall).toFixed(1)}x faster (target >= 10x)`);
if (a.cpu !== undefined && b.cpu !== undefined) console.log(`ratio (cpu):  specgate is ${(b.cpu / a.cpu).toFixed(1)}x faster`);
const p = purls(ours);
const q = purls(theirs);
const onlyOurs = [...p.set].filter((x) => !q.set.has(x)).sort();
const onlyTheirs = [...q.set].filter((x) => !p.set.has(x)).sort();
console.log(`purls: specgate ${p.count}, cyclonedx-npm ${q.count}, only specgate ${onlyOurs.length}, only cyclonedx-npm ${onlyTheirs.length}`);
for (const x of onlyOurs.slice(0, 20)) console.log(`  only specgate:      ${x}`);
for (const x of onlyTheirs.slice(0, 20)) console.log(`  only cyclonedx-npm: ${x}`);
