// Verifies a large ledger on every core: the file is cut at line boundaries and each slice is
// checked against the stored chain of the line before it. An intact chain is intact slice by slice;
// if any slice finds a problem the caller re-runs the sequential verifier, which names the first
// bad line and classifies it exactly. Returns undefined when workers are unavailable.
import { existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { GENESIS_CHAIN } from '../../core/evidence/checkpoint.js';
import type { LedgerVerification } from '../../core/evidence/verify.js';

const WORKER = fileURLToPath(new URL('./verify-worker.js', import.meta.url));

/** Offset just after the first newline at or after `from`, or `size`. */
async function nextLineStart(handle: fsp.FileHandle, from: number, size: number): Promise<number> {
  const buffer = Buffer.alloc(8192);
  for (let at = from; at < size; at += buffer.length) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
    const i = buffer.subarray(0, bytesRead).indexOf(0x0a);
    if (i >= 0) return at + i + 1;
  }
  return size;
}

/** The stored chain of the line ending just before `lineStart` (its last 64 bytes before '\n'). */
async function chainBefore(handle: fsp.FileHandle, lineStart: number): Promise<string> {
  if (lineStart === 0) return GENESIS_CHAIN;
  const buffer = Buffer.alloc(64);
  await handle.read(buffer, 0, 64, Math.max(0, lineStart - 65));
  return buffer.toString('latin1');
}

export async function verifyParallel(file: string, size: number): Promise<LedgerVerification | undefined> {
  if (!existsSync(WORKER)) return undefined; // running from sources (tests): sequential only
  const slices = Math.max(1, Math.min(availableParallelism(), 8));
  const handle = await fsp.open(file, 'r');
  let ranges: { start: number; end: number; prevChain: string }[];
  try {
    const starts = [0];
    for (let k = 1; k < slices; k += 1) {
      const s = await nextLineStart(handle, Math.floor((k * size) / slices), size);
      if (s > starts[starts.length - 1]! && s < size) starts.push(s);
    }
    ranges = await Promise.all(starts.map(async (start, k) => ({ start, end: starts[k + 1] ?? size, prevChain: await chainBefore(handle, start) })));
  } finally {
    await handle.close();
  }
  const results = await Promise.all(
    ranges.map(
      (range) =>
        new Promise<LedgerVerification>((resolve, reject) => {
          const worker = new Worker(WORKER, { workerData: { file, ...range } });
          worker.once('message', (result: LedgerVerification) => resolve(result));
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`verify worker exited with ${code}`));
          });
        }),
    ),
  );
  if (results.some((r) => !r.ok)) return undefined; // let the sequential pass name and classify it
  const last = results[results.length - 1]!;
  return { ok: true, lines: results.reduce((n, r) => n + r.lines, 0), headChain: last.headChain };
}
