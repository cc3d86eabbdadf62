// The evidence store through the real CLI against a real PostgreSQL 15 started for this file:
// migrate, trust, push, runs --store, pull + verify, audit verify --store, schema checks, an
// append-only application role, redacted credentials and a database that goes away.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';
import { startPgCluster, type PgCluster } from '../helpers/postgres.js';
import { testKey, writeRun, type TestKey } from '../helpers/store-runs.js';
import { chainOf, GENESIS_CHAIN } from '../../src/core/evidence/checkpoint.js';
import { parseStoreLocation } from '../../src/core/store/location.js';
import { migrateStore } from '../../src/cli/compose-store.js';

let cluster: PgCluster;
let key: TestKey;
let root: string;
let env: Record<string, string>;
const at = (s: number): Date => new Date(Date.UTC(2026, 1, 2, 9, 0, s));

beforeAll(() => {
  cluster = startPgCluster();
  key = testKey();
  root = tempDir('specgate-store-e2e-');
  writeTree(root, { 'specgate.yaml': 'name: shop\n', 'keys/specgate.pub': key.publicKeyPem });
  env = { SPECGATE_STORE_URL: cluster.url };
});
afterAll(() => cluster.destroy());

describe('specgate store / push / pull / runs --store / audit verify --store', () => {
  it('refuses an unmigrated store (exit 2), migrates once, and then publishes, lists and restores runs', async () => {
    const run = await writeRun(path.join(root, 'reports'), { startedAt: at(1), key, deployTarget: 'local' });
    const early = await runCli(['runs', '--store'], { cwd: root, env });
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/STORE_SCHEMA_OLD.*schema version 0/);
    expect(early.stderr).toMatch(/specgate store migrate/);

    const migrated = await runCli(['store', 'migrate', '--json'], { cwd: root, env });
    expect(migrated.code).toBe(0);
    expect(JSON.parse(migrated.stdout)).toMatchObject({ from: 0, to: 2 });
    expect((await runCli(['store', 'migrate'], { cwd: root, env })).stdout).toMatch(/up to date/);

    const refused = await runCli(['push'], { cwd: root, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/STORE_REJECTED.*does not trust for project shop/);

    expect((await runCli(['store', 'trust', '--key', 'keys/specgate.pub'], { cwd: root, env })).code).toBe(0);
    const pushed = await runCli(['push', '--json'], { cwd: root, env });
    expect(pushed.code).toBe(0);
    expect(JSON.parse(pushed.stdout).runs).toMatchObject([{ state: 'stored', runId: run.runId, project: 'shop' }]);
    const again = await runCli(['push', `${run.featureSha}/${run.runId}`], { cwd: root, env });
    expect(again.stdout).toMatch(/already stored \(no-op\)/);

    const listed = await runCli(['runs', '--store', '--json'], { cwd: root, env });
    expect(JSON.parse(listed.stdout).runs).toMatchObject([{ project: 'shop', runId: run.runId, status: 'success' }]);
    // `runs --store URL --json` takes the start-up fast path (no commander): same bytes as the full CLI.
    const fast = await runCli(['runs', '--store', cluster.url, '--json'], { cwd: root, env: {} });
    const full = await runCli(['runs', '--json', '--store', cluster.url, '--limit', '50'], { cwd: root, env: {} });
    expect({ code: fast.code, stdout: fast.stdout }).toEqual({ code: 0, stdout: full.stdout });
    expect(JSON.parse(fast.stdout).runs).toHaveLength(1);
    const serving = await runCli(['runs', '--store', '--serving', '--json'], { cwd: root, env });
    expect(JSON.parse(serving.stdout).serving).toMatchObject([{ project: 'shop', environment: 'local', runId: run.runId }]);

    const into = path.join(tempDir('specgate-pulled-'), 'run');
    expect((await runCli(['pull', `${run.featureSha}/${run.runId}`, '--into', into], { cwd: root, env })).code).toBe(0);
    const verified = await runCli(['verify', into, '--key', path.join(root, 'keys/specgate.pub')], { cwd: root });
    expect(verified.code).toBe(0);
    expect((await runCli(['audit', 'verify', '--store'], { cwd: root, env })).stdout).toMatch(/central ledger ok, \d+ lines[\s\S]*ledger matches the store/);

    // Cut the last line of the project's ledger: a valid shorter chain, caught against the store
    // (the project's own signed anchors catch it too, see ledger-anchors.test.ts).
    const ledger = path.join(root, 'reports/audit/checkpoints.log');
    const lines = fs.readFileSync(ledger, 'utf8').split('\n');
    fs.writeFileSync(ledger, `${lines.slice(0, -2).join('\n')}\n`);
    const caught = await runCli(['audit', 'verify', '--store'], { cwd: root, env });
    expect(caught.code).toBe(1);
    expect(caught.stdout).toMatch(/STORE_LEDGER_BROKEN .*removed from its end/);
    fs.writeFileSync(ledger, lines.join('\n'));
  });

  it('audit verify --store checks the central chain in parallel ranges, and a tampered line sends it to the sequential pass that names it', async () => {
    cluster.createDatabase('chain');
    const chainEnv = { SPECGATE_STORE_URL: cluster.urlOf('chain'), SPECGATE_STORE_PARALLEL_LINES: '1', SPECGATE_STORE_VERIFY_SLICES: '3' };
    const auditor = tempDir('specgate-auditor-');
    writeTree(auditor, { 'specgate.yaml': 'name: auditor\n' });
    await migrateStore(parseStoreLocation(chainEnv.SPECGATE_STORE_URL, 'test', (d) => d)); // in process: one CLI start less
    let chain = GENESIS_CHAIN;
    const rows: string[] = [];
    for (let seq = 1; seq <= 50; seq += 1) {
      const text = `2026-02-02T09:00:00Z | 20260202090000 | ${seq.toString(16).padStart(12, '0')} | validate | success | spec-validation-report.json`;
      chain = chainOf(chain, text);
      rows.push(`(${seq}, 'p', '${text}', '${chain}')`);
    }
    cluster.psql(`INSERT INTO ledger (seq, project, text, chain) VALUES ${rows.join(', ')}`, 'chain');
    const verify = async (): Promise<{ code: number; central: { ok: boolean; lines: number; headChain: string; ranges: number; firstBad?: { line: number; reason: string } } }> => {
      const r = await runCli(['audit', 'verify', '--store', '--json'], { cwd: auditor, env: chainEnv });
      return { code: r.code ?? -1, central: JSON.parse(r.stdout).central };
    };
    expect(await verify()).toMatchObject({ code: 0, central: { ok: true, lines: 50, headChain: chain, ranges: 3 } });
    // A DBA bypassing the triggers edits line 30 in place: the range holding it fails, and the
    // sequential pass names the line and classifies it.
    cluster.psql("ALTER TABLE ledger DISABLE TRIGGER USER; UPDATE ledger SET text = replace(text, 'success', 'failure') WHERE seq = 30; ALTER TABLE ledger ENABLE TRIGGER USER", 'chain');
    expect(await verify()).toMatchObject({ code: 1, central: { ok: false, ranges: 1, firstBad: { line: 30, reason: 'edited' } } });
  });

  it('refuses a schema newer than this specgate (exit 2)', async () => {
    cluster.createDatabase('newer');
    const url = cluster.urlOf('newer');
    expect((await runCli(['store', 'migrate'], { cwd: root, env: { SPECGATE_STORE_URL: url } })).code).toBe(0);
    cluster.psql("INSERT INTO specgate_schema (version, name) VALUES (99, 'from the future')", 'newer');
    const r = await runCli(['runs', '--store'], { cwd: root, env: { SPECGATE_STORE_URL: url } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/STORE_SCHEMA_NEW.*version 99/);
  });

  it('an INSERT/SELECT role publishes but cannot remove or change evidence, and the triggers refuse the owner too', async () => {
    cluster.psql('CREATE ROLE ci LOGIN IN ROLE specgate_writer');
    const ciUrl = cluster.url.replace('postgres://postgres@', 'postgres://ci@');
    const run = await writeRun(path.join(root, 'reports'), { startedAt: at(5), key, featureSha: 'dddddddddddd' });
    const pushed = await runCli(['push', `${run.featureSha}/${run.runId}`], { cwd: root, env: { SPECGATE_STORE_URL: ciUrl } });
    expect(pushed.code).toBe(0);
    const count = (): string => cluster.psql('SELECT (SELECT count(*) FROM runs) || \'/\' || (SELECT count(*) FROM ledger) || \'/\' || (SELECT count(*) FROM blobs)');
    const before = count();
    for (const sql of ['DELETE FROM runs', 'UPDATE ledger SET text = text', 'TRUNCATE ledger', 'DELETE FROM blobs']) {
      expect(() => cluster.psql(`SET ROLE ci; ${sql}`)).toThrow(/permission denied/);
      expect(() => cluster.psql(sql)).toThrow(/append-only|cannot truncate a table referenced/);
    }
    // The database re-hashes blobs itself: bytes under another digest never get in.
    expect(() => cluster.psql(`SET ROLE ci; INSERT INTO blobs (sha256, size, data) VALUES ('${'0'.repeat(64)}', 3, 'abc')`)).toThrow(/violates check constraint/);
    // Through the application: a different run under the stored id is refused, nothing replaced.
    const other = path.join(tempDir('specgate-imposter-'), 'reports');
    const imposter = await writeRun(other, { startedAt: at(5), key, featureSha: 'dddddddddddd', shared: 'forged\n' });
    const forged = await runCli(['push', imposter.runDir], { cwd: root, env: { SPECGATE_STORE_URL: ciUrl } });
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(/STORE_REJECTED|STORE_RUN_CONFLICT/);
    expect(count()).toBe(before);
  });

  it('never prints the password, and a stopped database is a clear exit 1 that a retried push gets past', async () => {
    const secret = 'hunter2-s3cret';
    const bad = await runCli(['runs', '--store'], { cwd: root, env: { SPECGATE_STORE_URL: `postgres://app:${secret}@127.0.0.1:1/specgate` } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/STORE_UNAVAILABLE.*postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/specgate/);
    expect(`${bad.stdout}${bad.stderr}`).not.toContain(secret);

    const run = await writeRun(path.join(root, 'reports'), { startedAt: at(9), key, featureSha: 'eeeeeeeeeeee' });
    cluster.stop('immediate');
    try {
      const down = await runCli(['push', `${run.featureSha}/${run.runId}`], { cwd: root, env });
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(/STORE_UNAVAILABLE/);
      expect(down.stderr).toMatch(/run the same command again/);
    } finally {
      cluster.start();
    }
    const retried = await runCli(['push', `${run.featureSha}/${run.runId}`], { cwd: root, env });
    expect(retried.code).toBe(0);
    expect(retried.stdout).toMatch(/stored revision 1/);
  });
});
