// Shared benchmark harness: interleaved pairs of child processes, each measured by wait4's rusage
// (bench/lib/rusage.py), so CPU time (user + sys) stays meaningful when other work loads the
// machine. Every result prints min and median of CPU and wall for both sides, their ratios and the
// load average, so a figure is never quoted without the floor measured in the same run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO, 'bin/specgate');
const RUSAGE = path.join(REPO, 'bench/lib/rusage.py');
export const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
/** Pairs per comparison: at least 5 (the floor), 7 by default. */
export const PAIRS = Math.max(5, Number(process.env.BENCH_PAIRS ?? (QUICK ? 5 : 7)));

export const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** One measured run of `argv` (cwd, stdout to a file or /dev/null); throws on a non-zero exit unless allowed. */
export function measure(argv, { cwd = REPO, out, okStatus = [0], env } = {}) {
  const flags = ['--cwd', cwd, ...(out ? ['--out', out] : []), '--'];
  const r = spawnSync('python3', [RUSAGE, ...flags, ...argv], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true', ...env } });
  if (r.status !== 0) throw new Error(`rusage helper failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout);
  if (!okStatus.includes(m.status)) throw new Error(`${argv.join(' ')} exited ${m.status}`);
  return m;
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
export const median = (xs) => {
  const s = sorted(xs);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const min = (xs) => sorted(xs)[0];

/**
 * Runs `a` and `b` as interleaved pairs (order alternating, one warm-up each) and returns their
 * statistics plus the ratios a/b. `a` and `b` are { name, argv, cwd?, okStatus? }.
 */
export function pairs(a, b, n = PAIRS) {
  measure(a.argv, a);
  measure(b.argv, b);
  const runs = { a: [], b: [] };
  for (let i = 0; i < n; i += 1) {
    const order = i % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
    for (const side of order) runs[side].push(measure((side === 'a' ? a : b).argv, side === 'a' ? a : b));
  }
  const stats = (xs) => ({
    cpuMin: min(xs.map((x) => x.cpuMs)),
    cpuMed: median(xs.map((x) => x.cpuMs)),
    wallMin: min(xs.map((x) => x.wallMs)),
    wallMed: median(xs.map((x) => x.wallMs)),
    rssMax: Math.max(...xs.map((x) => x.maxRssKiB)),
  });
  const sa = stats(runs.a);
  const sb = stats(runs.b);
  return {
    a: sa,
    b: sb,
    ratio: {
      cpuMin: sa.cpuMin / sb.cpuMin,
      cpuMed: sa.cpuMed / sb.cpuMed,
      wallMin: sa.wallMin / sb.wallMin,
      wallMed: sa.wallMed / sb.wallMed,
      rss: sa.rssMax / sb.rssMax,
    },
  };
}

const ms = (x) => `${x.toFixed(0)}`.padStart(6);
const r2 = (x) => x.toFixed(2);

/** Prints one comparison as a small block and returns a row for the summary table. */
export function report(title, a, b, result, target) {
  const { ratio } = result;
  const verdict = target === undefined ? '' : ratio.cpuMed <= target ? `  target <= ${target}: met` : `  target <= ${target}: MISSED by ${((ratio.cpuMed / target - 1) * 100).toFixed(0)}%`;
  console.log(`\n## ${title}   (load ${load()}, ${PAIRS} interleaved pairs)`);
  console.log(`   ${''.padEnd(46)} cpu min / med ms   wall min / med ms   peak RSS MiB`);
  for (const [side, s] of [[a, result.a], [b, result.b]]) {
    console.log(`   ${side.name.padEnd(46)} ${ms(s.cpuMin)} / ${ms(s.cpuMed)}      ${ms(s.wallMin)} / ${ms(s.wallMed)}      ${(s.rssMax / 1024).toFixed(0).padStart(5)}`);
  }
  console.log(`   ratio a/b: cpu ${r2(ratio.cpuMin)} (min) ${r2(ratio.cpuMed)} (median); wall ${r2(ratio.wallMin)} / ${r2(ratio.wallMed)}; memory ${r2(ratio.rss)}${verdict}`);
  return { title, ratio, target, load: load() };
}

/** The summary every bench script ends with: one line per comparison. */
export function summary(rows) {
  console.log(`\nsummary (cpu median ratio, cpu min ratio, wall median ratio; load at the time):`);
  for (const row of rows) {
    const ok = row.target === undefined ? '' : row.ratio.cpuMed <= row.target ? ' ✓' : ` ✗ (target ${row.target})`;
    console.log(`  ${row.title.padEnd(58)} ${r2(row.ratio.cpuMed).padStart(6)} ${r2(row.ratio.cpuMin).padStart(6)} ${r2(row.ratio.wallMed).padStart(6)}   load ${row.load}${ok}`);
  }
}

export function ensureBuilt() {
  if (!fs.existsSync(path.join(REPO, 'dist/cli/main.js'))) throw new Error('run `npm run build` first');
}
