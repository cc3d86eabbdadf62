// One contract, two adapters as compose-store.ts wires them: the file store and the PostgreSQL
// store (a real PostgreSQL 15 the test starts itself) must behave the same for push, pull, idempotence, conflicts, trust,
// deduplication, the central chain, queries and the project-ledger audit.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/tmp.js';
import { startPgCluster, type PgCluster } from '../../test/helpers/postgres.js';
import { testKey, writeRun, type TestKey } from '../../test/helpers/store-runs.js';
import { parseStoreLocation } from '../core/store/location.js';
import { StoreError } from '../core/store/errors.js';
import { verifyLedgerText } from '../core/evidence/verify.js';
import type { OpenStore } from '../app/store/open.js';
import { openStore, migrateStore } from './compose-store.js';
import { pushRun } from '../app/store/push.js';
import { pullRun } from '../app/store/pull.js';
import { verifyCentralLedger, verifyProjectAgainstStore } from '../app/store/audit.js';
import { verifyRun } from './compose-security.js';

const clock = { now: () => new Date(), monotonicMs: () => performance.now() };
let cluster: PgCluster | undefined;

afterAll(() => cluster?.destroy());

const adapters: Record<string, () => Promise<OpenStore>> = {
  file: async () => openStore(parseStoreLocation(`file:${tempDir('specgate-store-')}`, 'test', (d) => d), clock),
  postgres: async () => {
    cluster ??= startPgCluster();
    const name = `c${Math.random().toString(36).slice(2, 10)}`;
    cluster.createDatabase(name);
    const location = parseStoreLocation(cluster.urlOf(name), 'test', (d) => d);
    await migrateStore(location);
    return openStore(location, clock);
  },
};

async function chunksText(store: OpenStore): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of store.runs.ledgerChunks()) parts.push(Buffer.from(c));
  return Buffer.concat(parts).toString('utf8');
}

describe.each(Object.keys(adapters))('evidence store contract: %s', (kind) => {
  let store: OpenStore;
  let key: TestKey;
  let reportsDir: string;
  const at = (s: number): Date => new Date(Date.UTC(2026, 0, 1, 10, 0, s));

  beforeAll(async () => {
    store = await (adapters[kind] as () => Promise<OpenStore>)();
    key = testKey();
    await store.runs.trustKey('alpha', key.publicKeyPem, key.fingerprint);
    reportsDir = path.join(tempDir('specgate-proj-'), 'reports');
  });
  afterAll(async () => store.close());

  it('push then pull restores a folder `specgate verify` accepts byte for byte; a second push is a no-op', async () => {
    const run = await writeRun(reportsDir, { startedAt: at(1), key, deployTarget: 'local' });
    const first = await pushRun(store, { project: 'alpha', reportsDir, runDir: run.runDir });
    expect(first).toMatchObject({ state: 'stored', revision: 1, featureSha: run.featureSha, runId: run.runId });
    expect(first.blobsUploaded).toBeGreaterThan(3);
    const again = await pushRun(store, { project: 'alpha', reportsDir, runDir: run.runDir });
    expect(again).toMatchObject({ state: 'unchanged', blobsUploaded: 0, centralLines: first.centralLines, centralHead: first.centralHead });

    const target = path.join(tempDir('specgate-pull-'), 'run');
    const pulled = await pullRun(store, { project: 'alpha', featureSha: run.featureSha, runId: run.runId }, target);
    expect(pulled.serving).toBe(true);
    const names = (dir: string): string[] => (fs.readdirSync(dir, { recursive: true }) as string[]).filter((n) => fs.statSync(path.join(dir, n)).isFile()).sort();
    expect(names(target)).toEqual(names(run.runDir));
    for (const n of names(run.runDir)) expect(fs.readFileSync(path.join(target, n)).equals(fs.readFileSync(path.join(run.runDir, n)))).toBe(true);
    expect((await verifyRun(target, key.publicKeyPem)).ok).toBe(true);
  });

  it('refuses a different run under the same id, an untrusted key, tampered evidence and unsigned finished runs', async () => {
    const run = await writeRun(reportsDir, { startedAt: at(2), key });
    await pushRun(store, { project: 'alpha', reportsDir, runDir: run.runDir });
    const log = path.join(run.runDir, 'logs/shared.log');
    const original = fs.readFileSync(log);
    fs.writeFileSync(log, 'edited after signing\n');
    await expect(pushRun(store, { project: 'alpha', reportsDir, runDir: run.runDir })).rejects.toMatchObject({ code: 'STORE_REJECTED', exitCode: 1 });
    fs.writeFileSync(log, original);

    // Same project, feature and run id, other content: a different folder re-signed by the trusted key.
    const other = path.join(tempDir('specgate-other-'), 'reports');
    const imposter = await writeRun(other, { startedAt: at(2), key, shared: 'another run\n' });
    expect(imposter.runId).toBe(run.runId);
    await expect(pushRun(store, { project: 'alpha', reportsDir: other, runDir: imposter.runDir })).rejects.toMatchObject({ code: 'STORE_RUN_CONFLICT', exitCode: 1 });

    const stranger = testKey();
    const foreign = await writeRun(reportsDir, { startedAt: at(3), key: stranger });
    await expect(pushRun(store, { project: 'alpha', reportsDir, runDir: foreign.runDir })).rejects.toThrow(/does not trust for project alpha/);
    // Trusted for alpha does not mean trusted for beta.
    await expect(pushRun(store, { project: 'beta', reportsDir, runDir: run.runDir })).rejects.toBeInstanceOf(StoreError);
    const unsigned = await writeRun(reportsDir, { startedAt: at(4) });
    await expect(pushRun(store, { project: 'alpha', reportsDir, runDir: unsigned.runDir })).rejects.toThrow(/unsigned/);
  });

  it('stores shared artifacts once, keeps one verifiable central chain and lists runs page by page', async () => {
    const a = await writeRun(reportsDir, { startedAt: at(10), key, shared: 'same bytes in both runs\n', featureSha: 'aaaaaaaaaaaa' });
    const b = await writeRun(reportsDir, { startedAt: at(11), key, shared: 'same bytes in both runs\n', featureSha: 'aaaaaaaaaaaa', mode: 'compliance' });
    const pa = await pushRun(store, { project: 'alpha', reportsDir, runDir: a.runDir });
    const pb = await pushRun(store, { project: 'alpha', reportsDir, runDir: b.runDir });
    expect(pb.blobsUploaded).toBeLessThan(pb.files);
    expect(pb.centralLines).toBeGreaterThan(pa.centralLines);

    const text = await chunksText(store);
    const central = verifyLedgerText(text);
    expect(central).toMatchObject({ ok: true, lines: pb.centralLines, headChain: pb.centralHead });
    expect((await verifyCentralLedger(store.runs, () => performance.now())).ok).toBe(true);

    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await store.runs.listRuns({ project: 'alpha', limit: 2, ...(after === undefined ? {} : { after }) });
      seen.push(...page.runs.map((r) => r.runId));
      after = page.next;
    } while (after !== undefined);
    expect(seen.length).toBe(new Set(seen).size);
    expect(seen.length).toBe(4);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect((await store.runs.listRuns({ limit: 10, featureSha: 'aaaaaaaaaaaa', mode: 'compliance' })).runs.map((r) => r.runId)).toEqual([b.runId]);
    expect((await store.runs.listRuns({ limit: 10, from: at(10).toISOString(), to: at(11).toISOString() })).runs.map((r) => r.runId)).toEqual([a.runId]);
    expect((await store.runs.serving('alpha')).map((r) => [r.environment, r.runId])).toEqual([['local', (await store.runs.listRuns({ limit: 10, featureSha: '005cc0262265', status: 'success' })).runs.at(-1)?.runId]]);
  });

  it('stores a run awaiting approval unsigned, then its signed final revision; pending approvals are queryable', async () => {
    const dir = path.join(tempDir('specgate-pending-'), 'reports');
    const pending = await writeRun(dir, { startedAt: at(20), status: 'awaiting-approval', featureSha: 'bbbbbbbbbbbb' });
    expect(await pushRun(store, { project: 'alpha', reportsDir: dir, runDir: pending.runDir })).toMatchObject({ state: 'stored', revision: 1 });
    expect((await store.runs.listRuns({ limit: 10, status: 'awaiting-approval' })).runs.map((r) => r.runId)).toEqual([pending.runId]);
  });

  it('refuses a run whose signed ledger anchors no longer match the project ledger (rewritten before the push)', async () => {
    const dir = path.join(tempDir('specgate-anchored-'), 'reports');
    const first = await writeRun(dir, { startedAt: at(40), key, featureSha: 'ffffffffffff' });
    const run = await writeRun(dir, { startedAt: at(41), key, featureSha: 'ffffffffffff' });
    const manifest = JSON.parse(fs.readFileSync(path.join(run.runDir, 'manifest.json'), 'utf8')) as { ledger?: { sealed?: { line: number } } };
    expect(manifest.ledger?.sealed?.line).toBeGreaterThan(1);
    // Drop the first run's lines and re-chain the rest: the file verifies on its own, line numbers shift.
    const file = path.join(dir, 'audit/checkpoints.log');
    const { chainOf, GENESIS_CHAIN } = await import('../core/evidence/checkpoint.js');
    const kept = fs.readFileSync(file, 'utf8').trimEnd().split('\n').filter((l) => !l.includes(first.runId)).map((l) => l.slice(0, -67));
    let prev = GENESIS_CHAIN;
    fs.writeFileSync(file, kept.map((t) => `${t} | ${(prev = chainOf(prev, t))}\n`).join(''));
    expect(verifyLedgerText(fs.readFileSync(file)).ok).toBe(true);
    await expect(pushRun(store, { project: 'alpha', reportsDir: dir, runDir: run.runDir })).rejects.toThrow(/signed (opened|sealed) anchor/);
  });

  it('archives past the retention policy: hidden from listings, still pullable, the newest per feature kept', async () => {
    const dir = path.join(tempDir('specgate-retention-'), 'reports');
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await writeRun(dir, { startedAt: at(50 + i), key, featureSha: '999999999999' }));
    for (const r of runs) await pushRun(store, { project: 'alpha', reportsDir: dir, runDir: r.runDir });
    const planned = await store.runs.archiveRuns({ keep: 1, project: 'alpha', dryRun: true });
    const olds = [runs[0]?.runId, runs[1]?.runId].sort();
    expect(planned.filter((r) => r.featureSha === '999999999999').map((r) => r.runId).sort()).toEqual(olds);
    expect((await store.runs.listRuns({ limit: 10, featureSha: '999999999999' })).runs).toHaveLength(3);
    await store.runs.archiveRuns({ keep: 1, project: 'alpha' });
    expect((await store.runs.listRuns({ limit: 10, featureSha: '999999999999' })).runs.map((r) => r.runId)).toEqual([runs[2]?.runId]);
    const target = path.join(tempDir('specgate-archived-pull-'), 'run');
    await pullRun(store, { project: 'alpha', featureSha: '999999999999', runId: runs[0]?.runId ?? '' }, target);
    expect((await verifyRun(target, key.publicKeyPem)).ok).toBe(true);
    expect(await store.runs.archiveRuns({ keep: 1, project: 'alpha' })).toEqual([]);
  });

  it('catches a project ledger rewritten after a push (audit verify --store)', async () => {
    const dir = path.join(tempDir('specgate-rewrite-'), 'reports');
    const run = await writeRun(dir, { startedAt: at(30), key, featureSha: 'cccccccccccc' });
    await pushRun(store, { project: 'gamma', reportsDir: dir, runDir: run.runDir }).catch(() => undefined);
    await store.runs.trustKey('gamma', key.publicKeyPem, key.fingerprint);
    await pushRun(store, { project: 'gamma', reportsDir: dir, runDir: run.runDir });
    expect(await verifyProjectAgainstStore(store, 'gamma', dir)).toMatchObject({ ok: true, problems: [] });

    // Rewrite: drop the last line and re-chain what is left, so the file verifies on its own.
    const file = path.join(dir, 'audit/checkpoints.log');
    const { chainOf, GENESIS_CHAIN } = await import('../core/evidence/checkpoint.js');
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(0, -1).map((l) => l.slice(0, -67));
    let prev = GENESIS_CHAIN;
    fs.writeFileSync(file, lines.map((t) => `${t} | ${(prev = chainOf(prev, t))}\n`).join(''));
    expect(verifyLedgerText(fs.readFileSync(file)).ok).toBe(true);
    const check = await verifyProjectAgainstStore(store, 'gamma', dir);
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toMatch(/removed from its end|rewritten/);
  });
});
