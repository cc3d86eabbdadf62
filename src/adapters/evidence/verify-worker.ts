// Worker thread for verifyLedger: checks one byte range of the ledger against the stored chain of
// the line before it, and reports its line count and last chain.
import * as fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { LedgerVerifier } from '../../core/evidence/verify.js';

interface Job {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly prevChain: string;
}

const job = workerData as Job;
const verifier = new LedgerVerifier({ prevChain: job.prevChain, lineBefore: 0 });
const fd = fs.openSync(job.file, 'r');
try {
  const buffer = Buffer.alloc(4 << 20);
  let at = job.start;
  while (at < job.end && !verifier.done) {
    const n = fs.readSync(fd, buffer, 0, Math.min(buffer.length, job.end - at), at);
    if (n === 0) break;
    verifier.feed(buffer.subarray(0, n));
    at += n;
  }
} finally {
  fs.closeSync(fd);
}
parentPort?.postMessage(verifier.end());
