// The anchor claims of all runs are collected once and shared across run pages, yet every
// verification checks them against the ledger as it is now: a ledger rewritten (and re-chained, so
// the chain alone still verifies) after the claims were cached is caught without re-reading them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeFileSystem } from '../adapters/node-fs.js';
import { changeStamp } from '../adapters/evidence/change-stamp.js';
import { systemClock } from '../adapters/clock.js';
import { nodeEvidencePorts } from '../cli/compose-evidence.js';
import { libraryEvidence } from '../app/report/evidence-port.js';
import { chainOf, GENESIS_CHAIN } from '../core/evidence/checkpoint.js';
import { REPO_ROOT } from '../../test/helpers/cli.js';
import { tempDir } from '../../test/helpers/tmp.js';
import { AnchorClaimsCache } from './anchor-claims.js';
import { RunIndex } from './run-index.js';

const SHA = '2918efd63b57';

function setup() {
  const reports = path.join(tempDir(), 'reports');
  fs.cpSync(path.join(REPO_ROOT, 'test/fixtures/runs/good'), reports, { recursive: true, verbatimSymlinks: true });
  const real = new NodeFileSystem();
  const manifestReads: string[] = [];
  const counting = Object.assign(Object.create(real) as NodeFileSystem, {
    readFile: (p: string) => {
      if (p.endsWith('manifest.json')) manifestReads.push(p);
      return real.readFile(p);
    },
  });
  const index = new RunIndex(real, reports, systemClock, 0, nodeEvidencePorts);
  const cache = new AnchorClaimsCache(index, changeStamp);
  return { reports, manifestReads, index, evidence: cache.wrap(libraryEvidence(counting)) };
}

describe('AnchorClaimsCache', () => {
  it('reads the manifests once for every run page, and still checks the claims against the current ledger', async () => {
    const { reports, manifestReads, index, evidence } = setup();
    await index.list();
    const first = await evidence.verifyLedger(reports, { runId: '20260101090000', featureSha: SHA });
    expect(first.anchors?.ok).toBe(true);
    expect(first.anchors?.runs).toBeGreaterThan(1);
    expect(manifestReads).toHaveLength(5);

    const other = await evidence.verifyLedger(reports, { runId: '20260103090000', featureSha: SHA });
    expect(other.anchors).toMatchObject({ ok: true, runs: first.anchors?.runs });
    expect(manifestReads).toHaveLength(5);

    // Line 1 edited and every line re-chained: the chain verifies, the signed anchors no longer match.
    const file = path.join(reports, 'audit/checkpoints.log');
    const texts = fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => l.slice(0, -67));
    texts[0] = (texts[0] ?? '').replace('09:00:00Z', '09:00:01Z');
    let prev = GENESIS_CHAIN;
    fs.writeFileSync(file, texts.map((t) => `${t} | ${(prev = chainOf(prev, t))}\n`).join(''));
    const rewritten = await evidence.verifyLedger(reports, { runId: '20260105090000', featureSha: SHA });
    expect(rewritten.ok).toBe(true);
    expect(rewritten.anchors?.ok).toBe(false);
    expect(rewritten.anchors?.problems.map((p) => p.line)).toContain(1);
    expect(manifestReads).toHaveLength(5);
  });

  it('collects again when a signed head appears or the run index changes', async () => {
    const { reports, manifestReads, index, evidence } = setup();
    await index.list();
    await evidence.verifyLedger(reports, { tail: 1 });
    expect(manifestReads).toHaveLength(5);
    fs.mkdirSync(path.join(reports, 'audit/heads'), { recursive: true });
    fs.writeFileSync(path.join(reports, 'audit/heads/unrelated.json'), '{}');
    await evidence.verifyLedger(reports, { tail: 1 });
    expect(manifestReads).toHaveLength(10);

    // Runs added, removed, sealed or approved move the index version: the claims are read again.
    index.version += 1;
    await evidence.verifyLedger(reports, { tail: 1 });
    expect(manifestReads).toHaveLength(15);
    await evidence.verifyLedger(reports, { tail: 1 });
    expect(manifestReads).toHaveLength(15);
  });
});
