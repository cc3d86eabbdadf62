// Property: whatever span of the ledger an attacker rewrites — an edited line re-chained with the
// published formula, lines cut from the end, or another project's ledger spliced in and
// re-chained — `audit verify` (auditLedger) catches it whenever the tamper point lies at or before
// a signed anchor; past the last anchor it cannot, and the test pins that residual risk too.
// Seed: SPECGATE_TEST_SEED=<n> replays a failing case; the seed in use is printed.
import { generateKeyPairSync, sign } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { rechain } from '../../../test/helpers/ledger.js';
import { tempDir } from '../../../test/helpers/tmp.js';
import { testSeed } from '../../../test/helpers/seed.js';
import type { Clock } from '../../core/ports.js';
import type { Signer } from '../../core/security/ports.js';
import { readManifest } from '../../adapters/evidence/run-store.js';
import { appendCheckpoint, ledgerPath } from '../../adapters/evidence/ledger-file.js';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { nodeEvidencePorts as ports } from '../../adapters/evidence/node-evidence.js';
import { signRunDirectory } from '../security/sign.js';
import { auditLedger } from './ledger-audit.js';
import { writeSignedHead } from './ledger-heads.js';
import { startRun } from './run-recorder.js';

const seed = testSeed('ledger anchor property');

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const signer: Signer = { publicKeyPem, sign: (data) => Promise.resolve(sign('sha256', data, { key: privateKey, dsaEncoding: 'der' })) };

function clockFrom(start: number): Clock {
  let t = start;
  return { now: () => new Date((t += 1000)), monotonicMs: () => t };
}

/** A reports folder with three sealed, signed runs, housekeeping lines between them and an open run after. */
async function ledgerWithSignedRuns(featureSha: string, start: number): Promise<{ reportsDir: string; lines: string[] }> {
  const reportsDir = path.join(tempDir('specgate-anchors-'), 'reports');
  const clock = clockFrom(start);
  const fsys = new NodeFileSystem();
  for (let i = 0; i < 3; i++) {
    const run = await startRun(ports, { reportsDir, featureSha, mode: 'sandbox', initiator: 'ivan', git: { commit: null, dirty: null }, toolVersion: 'test', clock, recover: false });
    await run.recordStageStart('preflight');
    await run.recordStage({ name: 'preflight', status: 'success', startedAt: clock.now(), endedAt: clock.now() });
    await run.setSigning({ publicKeyFingerprint: 'test' });
    await run.finish('success');
    await signRunDirectory(run.runDir, signer, fsys);
    await writeSignedHead(reportsDir, await readManifest(run.runDir), signer, fsys);
    await run.publishLatest();
    await appendCheckpoint(reportsDir, { time: clock.now(), runId: run.runId, featureSha, stage: 'archive', status: 'skipped', artifact: '-' });
  }
  // A run still in progress: its lines lie after every signed anchor.
  await startRun(ports, { reportsDir, featureSha, mode: 'sandbox', initiator: 'ivan', git: { commit: null, dirty: null }, toolVersion: 'test', clock, recover: false });
  return { reportsDir, lines: fs.readFileSync(ledgerPath(reportsDir), 'utf8').split('\n').slice(0, -1) };
}


const STATUSES = ['started', 'success', 'warning', 'failure', 'skipped', 'blocked', 'approved', 'interrupted'];

/** Changes the status column of one line to another status (a real edit). */
function editLine(line: string, pick: number): string {
  const cols = line.split(' | ');
  const others = STATUSES.filter((s) => s !== cols[4]);
  cols[4] = others[pick % others.length]!;
  return cols.join(' | ');
}

type Tamper = { kind: 'edit'; at: number; pick: number } | { kind: 'truncate'; at: number } | { kind: 'splice'; at: number };

describe('ledger anchors: random rewrites (property)', () => {
  let ours: { reportsDir: string; lines: string[] };
  let other: { lines: string[] };
  let lastAnchor: number;

  beforeAll(async () => {
    ours = await ledgerWithSignedRuns('005cc0262265', Date.UTC(2026, 0, 1));
    other = await ledgerWithSignedRuns('a548c970c120', Date.UTC(2026, 0, 1));
    const heads = path.join(ours.reportsDir, 'audit/heads');
    lastAnchor = Math.max(...fs.readdirSync(heads).filter((n) => n.endsWith('.json')).map((n) => (JSON.parse(fs.readFileSync(path.join(heads, n), 'utf8')) as { line: number }).line));
    expect(lastAnchor).toBeLessThan(ours.lines.length);
    expect((await auditLedger({ ledger: ports.ledger, fs: new NodeFileSystem() }, ours.reportsDir, { publicKeyPem })).ok).toBe(true);
  }, 60_000);

  it('catches every rewrite at or before a signed anchor; after the last anchor only the chain can', async () => {
    const n = ours.lines.length;
    const tamper: fc.Arbitrary<Tamper> = fc.oneof(
      fc.record({ kind: fc.constant('edit' as const), at: fc.integer({ min: 1, max: n }), pick: fc.nat() }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.integer({ min: 1, max: n }) }),
      fc.record({ kind: fc.constant('splice' as const), at: fc.integer({ min: 1, max: Math.min(n, other.lines.length) }) }),
    );
    const file = ledgerPath(ours.reportsDir);
    try {
      await fc.assert(
        fc.asyncProperty(tamper, async (t) => {
          const i = t.at - 1;
          const rewritten =
            t.kind === 'edit'
              ? rechain(ours.lines.map((l, k) => (k === i ? editLine(l, t.pick) : l)))
              : t.kind === 'truncate'
                ? ours.lines.slice(0, i)
                : rechain([...ours.lines.slice(0, i), ...other.lines.slice(i)]);
          fs.writeFileSync(file, rewritten.length === 0 ? '' : `${rewritten.join('\n')}\n`);
          const audit = await auditLedger({ ledger: ports.ledger, fs: new NodeFileSystem() }, ours.reportsDir, { publicKeyPem });
          // Re-chained: the chain alone always verifies, so anything caught is the anchors' doing.
          expect(audit.chain.ok).toBe(true);
          expect(audit.ok).toBe(t.at > lastAnchor);
        }),
        { seed, numRuns: 120 },
      );
    } finally {
      fs.writeFileSync(file, `${ours.lines.join('\n')}\n`);
    }
  }, 120_000);
});
