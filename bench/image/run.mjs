#!/usr/bin/env node
// Benchmark: the build stage's release + image (pack, append one layer to a busybox base, write the
// OCI layout) against its floor, `tar --sort=name … | gzip -n` of the same files — for the example
// service and for a 50 MB release. Interleaved pairs of processes, CPU (user + sys) and wall, min
// and median, the load printed beside every figure (bench/lib/pairs.mjs).
// Usage: npm run build && node bench/image/run.mjs [--quick]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, ensureBuilt, pairs, report, summary } from '../lib/pairs.mjs';
import { TAR_ARGS } from '../../dist/adapters/security/release-archive.js';

ensureBuilt();
const WORK = path.join(REPO, 'bench/.work/image');
const HERE = path.join(REPO, 'bench/image');
const rows = [];

/** The example service, built (dist/) with the checkout's dev tools, plus a base layout. */
function exampleProject() {
  const dir = path.join(WORK, 'example-service');
  if (!fs.existsSync(path.join(dir, 'dist/main.js'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(path.join(REPO, 'examples/example-service'), dir, { recursive: true, filter: (src) => !/\/(node_modules|dist|coverage|reports)$/.test(src) });
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
    execFileSync('npm', ['run', '-s', 'build'], { cwd: dir, stdio: 'ignore' });
  }
  execFileSync('bash', [path.join(REPO, 'scripts/make-base-image.sh'), path.join(dir, 'images/base')]);
  return { dir, paths: ['dist', 'package.json'] };
}

/** 50 MB in 200 files of 256 KiB: half text-like (compresses), half pseudo-random (does not); seeded. */
function bigProject() {
  const dir = path.join(WORK, 'big');
  const data = path.join(dir, 'data');
  if (!fs.existsSync(path.join(data, 'f199.bin'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(data, { recursive: true });
    let seed = Number(process.env.BENCH_SEED ?? 42) >>> 0;
    console.log(`generating 50 MB release (seed ${seed}, BENCH_SEED to change)…`);
    const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
    for (let i = 0; i < 200; i += 1) {
      const buf = Buffer.alloc(256 * 1024);
      if (i % 2 === 0) for (let j = 0; j < buf.length; j += 4) buf.writeUInt32LE(next(), j);
      else buf.write(`line ${i} of a text-like file that compresses well\n`.repeat(5000).slice(0, buf.length));
      fs.writeFileSync(path.join(data, `f${i}.bin`), buf);
    }
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"big","version":"1.0.0"}\n');
  }
  execFileSync('bash', [path.join(REPO, 'scripts/make-base-image.sh'), path.join(dir, 'images/base')]);
  return { dir, paths: ['data', 'package.json'] };
}

function compare(title, project) {
  const out = path.join(WORK, 'out', path.basename(project.dir));
  const image = { name: 'specgate release + image build', argv: [process.execPath, path.join(HERE, 'build-once.mjs'), project.dir, out, ...project.paths] };
  const tar = TAR_ARGS.filter((a) => a !== '-cf' && a !== '-').join(' ');
  const floor = { name: 'tar | gzip -n (floor)', argv: ['bash', '-c', `tar ${tar} -cf - ${project.paths.join(' ')} | gzip -n > /dev/null`], cwd: project.dir };
  // Each build writes a fresh layout, as a run does.
  const fresh = { ...image, argv: ['bash', '-c', `rm -rf '${out}' && exec "$@"`, 'build', ...image.argv] };
  rows.push(report(title, fresh, floor, pairs(fresh, floor)));
}

fs.mkdirSync(WORK, { recursive: true });
compare('image build, example service', exampleProject());
compare('image build, 50 MB release layer', bigProject());
summary(rows);
