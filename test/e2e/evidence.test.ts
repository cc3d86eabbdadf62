// Runs and evidence end to end: run ids from real parallel processes, the manifest against its
// JSON Schema, a torn ledger tail quarantined and recorded, a killed run closed as interrupted,
// and bad input (reports/ a file or read-only, a bogus latest, a damaged manifest) refused with a
// clear error naming the path, exit 2, and nothing modified.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock, systemClock } from '../../src/adapters/clock.js';
import { appendCheckpoint, ledgerPath, readCheckpoints, verifyLedger } from '../../src/adapters/evidence/ledger-file.js';
import { readManifest } from '../../src/adapters/evidence/run-store.js';
import { recoverInterruptedRuns, startRun } from '../../src/cli/compose-evidence.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// ajv ships CommonJS; under NodeNext its default export sits one level down.
interface ValidateFn {
  (data: unknown): boolean;
  errors?: unknown;
}
const Ajv2020 = (Ajv2020Module as unknown as { default: new (o: object) => { compile(schema: object): ValidateFn } }).default;
const SHA = '005cc0262265';
const START_RUN = path.join(REPO_ROOT, 'test/fixtures/evidence/start-run.mjs');
const base = { featureSha: SHA, mode: 'sandbox' as const, initiator: 'alice@example.com', git: { commit: 'c'.repeat(40), dirty: true }, toolVersion: '0.1.0' };

function node(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('exit', (code, signal) => (code === 0 || signal === 'SIGKILL' ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

/** Every path under `dir` with its kind and content digest (or link target). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d)) {
      const full = path.join(d, name);
      const rel = path.relative(dir, full);
      const st = fs.lstatSync(full);
      if (st.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(full)}`;
      else if (st.isDirectory()) {
        out[rel] = 'dir';
        walk(full);
      } else out[rel] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

async function finishedRun(reportsDir: string, at: string): Promise<string> {
  const run = await startRun({ ...base, reportsDir, clock: fixedClock(at) });
  await run.writeArtifact('spec-validation-report.json', '{"schemaVersion":1}\n', 'application/json');
  await run.finish('success');
  await run.publishLatest();
  return run.runId;
}

describe('run ids', () => {
  it('10 processes starting in the same second get 10 distinct run ids', async () => {
    const reportsDir = path.join(tempDir(), 'reports');
    const ids = (await Promise.all(Array.from({ length: 10 }, () => node([START_RUN, reportsDir, SHA, '2025-09-24T14:04:40.500Z'])))).map((s) => s.trim());
    expect(new Set(ids).size).toBe(10);
    expect(ids.sort()).toEqual(['20250924140440', ...Array.from({ length: 9 }, (_, i) => `20250924140440-${i + 2}`)].sort());
    for (const id of ids) expect((await readManifest(path.join(reportsDir, SHA, id))).runId).toBe(id);
    // No staging leftovers; the runs index (a listing hint, adapters/evidence/runs-index.ts) may be there.
    expect(fs.readdirSync(path.join(reportsDir, SHA)).filter((n) => n.startsWith('.') && n !== '.runs-index.jsonl')).toEqual([]);
  });
});

describe('manifest', () => {
  it('validates against schemas/manifest.schema.json at every step', async () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas/manifest.schema.json'), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    const check = (dir: string): void => {
      const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      expect(validate(m), JSON.stringify(validate.errors)).toBe(true);
    };
    const reportsDir = path.join(tempDir(), 'reports');
    const clock = fixedClock('2025-09-24T14:04:40Z');
    const run = await startRun({ ...base, reportsDir, clock, specFiles: [{ path: 'features/pay.feature', sha256: 'e'.repeat(64) }] });
    check(run.runDir);
    await run.recordStageStart('preflight');
    await run.writeArtifact('spec-validation-report.json', '{}\n', 'application/json');
    await run.writeArtifact('logs/preflight.log', 'ok\n', 'text/plain');
    clock.advance(2000);
    await run.recordStage({ name: 'preflight', status: 'warning', startedAt: new Date('2025-09-24T14:04:40Z'), endedAt: clock.now(), summary: '1 warning', artifact: 'spec-validation-report.json', gates: [{ gate: 'spec findings', outcome: 'warn', reason: 'sandbox' }] });
    check(run.runDir);
    await run.setStatus('awaiting-approval');
    await run.addApproval({ by: 'bob@example.com', at: '2025-09-24T14:10:00Z', requestDigest: 'f'.repeat(64) });
    await run.setStatus('running');
    await run.setSigning({ publicKeyFingerprint: 'SHA256:AAAA', algorithm: 'ecdsa-p256-sha256' });
    await run.finish('warning');
    check(run.runDir);
    const m = await readManifest(run.runDir);
    expect(m).toMatchObject({ status: 'warning', endedAt: '2025-09-24T14:04:42.000Z', approvals: [{ by: 'bob@example.com' }], git: { dirty: true } });
    // The schema is not a rubber stamp.
    expect(validate({ ...m, status: 'done' })).toBe(false);
    expect(validate({ ...m, artifacts: [{ path: '../x', sha256: 'a'.repeat(64), size: 1, mediaType: 'x' }] })).toBe(false);
  });
});

describe('ledger recovery', () => {
  it('quarantines a torn last line, records it, and verifies again', async () => {
    const reportsDir = path.join(tempDir(), 'reports');
    const cp = { time: new Date('2025-09-24T14:04:40Z'), runId: '20250924140440', featureSha: SHA, stage: 'preflight' as const, status: 'success' as const, artifact: '-' };
    await appendCheckpoint(reportsDir, cp);
    await appendCheckpoint(reportsDir, { ...cp, stage: 'validate' });
    const torn = '2025-09-24T14:04:42Z | 20250924140440 | 005cc0262265 | gen';
    fs.appendFileSync(ledgerPath(reportsDir), torn);
    expect(await verifyLedger(reportsDir)).toMatchObject({ ok: false, firstBad: { line: 3, reason: 'torn' } });
    // A torn ledger is reported, never silently accepted, by the CLI too.
    const root = path.dirname(reportsDir);
    expect((await runCli(['audit', 'verify'], { cwd: root })).code).toBe(1);

    const result = await appendCheckpoint(reportsDir, { ...cp, stage: 'generate' });
    expect(result.quarantined).toMatch(/^audit\/checkpoints\.log\.torn-20250924T140440Z-\d+$/);
    expect(fs.readFileSync(path.join(reportsDir, result.quarantined!), 'utf8')).toBe(torn);
    expect(await verifyLedger(reportsDir)).toMatchObject({ ok: true, lines: 4 });
    const { entries } = await readCheckpoints(reportsDir);
    expect(entries.map((e) => `${e.stage}:${e.status}:${e.artifact}`)).toEqual(['preflight:success:-', 'validate:success:-', `ledger:warning:${result.quarantined!}`, 'generate:success:-']);
  });

  it('closes a run whose process was killed as interrupted, once', async () => {
    const reportsDir = path.join(tempDir(), 'reports');
    const runId = (await node([START_RUN, reportsDir, SHA, '2025-09-24T14:04:40Z', 'die'])).trim();
    const runDir = path.join(reportsDir, SHA, runId);
    expect((await readManifest(runDir)).status).toBe('running');
    const clock = fixedClock('2025-09-24T15:00:00Z');
    const [recovered, again] = await Promise.all([recoverInterruptedRuns(reportsDir, clock), recoverInterruptedRuns(reportsDir, clock)]);
    expect([...recovered, ...again].map((r) => r.runId)).toEqual([runId]);
    const m = await readManifest(runDir);
    expect(m).toMatchObject({ status: 'interrupted', endedAt: '2025-09-24T15:00:00.000Z', mode: 'compliance' });
    expect(m.artifacts.map((a) => a.path)).toEqual(['spec-validation-report.json']);
    const { entries } = await readCheckpoints(reportsDir, { runId });
    expect(entries.map((e) => `${e.stage}:${e.status}`)).toEqual(['run:started', 'run:interrupted']);
    // A live run is never touched.
    const live = await startRun({ ...base, reportsDir, clock: systemClock });
    expect(await recoverInterruptedRuns(reportsDir, systemClock)).toEqual([]);
    expect((await readManifest(live.runDir)).status).toBe('running');
  });
});

describe('bad input', () => {
  const immutable: string[] = [];
  afterEach(() => {
    for (const p of immutable.splice(0)) execFileSync('chattr', ['-i', p]);
  });

  it('reports/ that is a file: exit 2 naming it, for every command', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'reports'), 'not a folder\n');
    const before = snapshot(root);
    for (const args of [['runs'], ['audit'], ['audit', 'verify'], ['archive'], ['archive', '--dry-run']]) {
      const r = await runCli(args, { cwd: root });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`${path.join(root, 'reports')}: error REPORTS_NOT_DIRECTORY`);
      expect(r.stderr).toContain('hint:');
    }
    await expect(startRun({ ...base, reportsDir: path.join(root, 'reports'), clock: systemClock })).rejects.toMatchObject({ code: 'REPORTS_NOT_DIRECTORY', exitCode: 2 });
    expect(snapshot(root)).toEqual(before);
  });

  it('a read-only reports/ (chattr +i): exit 2 naming it, nothing modified', async () => {
    const root = tempDir();
    const reportsDir = path.join(root, 'reports');
    await finishedRun(reportsDir, '2025-09-01T00:00:00Z');
    await finishedRun(reportsDir, '2025-09-02T00:00:00Z');
    await finishedRun(reportsDir, '2025-09-03T00:00:00Z');
    const before = snapshot(root);
    execFileSync('chattr', ['+i', reportsDir]);
    immutable.push(reportsDir);
    const r = await runCli(['archive', '--keep', '1'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error REPORTS_UNWRITABLE: cannot (create|move)/);
    expect(r.stderr).toContain(reportsDir);
    await expect(startRun({ ...base, featureSha: 'abcdefabcdef', reportsDir, clock: systemClock })).rejects.toMatchObject({ code: 'REPORTS_UNWRITABLE', exitCode: 2 });
    expect(snapshot(root)).toEqual(before);
  });

  it('a latest that is a regular file or points outside: runs warns and lists, archive refuses (exit 2), left alone', async () => {
    const root = tempDir();
    const reportsDir = path.join(root, 'reports');
    await finishedRun(reportsDir, '2025-09-01T00:00:00Z');
    const latest = path.join(reportsDir, SHA, 'latest');
    for (const make of [() => fs.writeFileSync(latest, '20250901000000\n'), () => fs.symlinkSync('../../../etc', latest)]) {
      fs.rmSync(latest, { force: true });
      make();
      const before = snapshot(root);
      // Listing is read-only: it warns about the link and still lists the run.
      const listed = await runCli(['runs'], { cwd: root });
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stderr).toMatch(/warning: .*latest/);
      expect(listed.stdout).toContain('20250901000000');
      // Archiving moves runs: it refuses to act on a feature whose latest it cannot trust.
      const archived = await runCli(['archive', '--keep', '1'], { cwd: root });
      expect(archived.code).toBe(2);
      expect(archived.stderr).toContain(`${latest}: error LATEST_INVALID`);
      const run = await startRun({ ...base, reportsDir, clock: systemClock });
      await run.finish('success');
      await expect(run.publishLatest()).rejects.toMatchObject({ code: 'LATEST_INVALID' });
      fs.rmSync(run.runDir, { recursive: true });
      fs.rmSync(path.join(reportsDir, 'audit'), { recursive: true });
      fs.mkdirSync(path.join(reportsDir, 'audit'));
      const after = snapshot(root);
      // The run above left its ledger lines and its runs-index line; everything else is as before.
      const traces = (k: string): boolean => k.startsWith('reports/audit') || k.endsWith('/.runs-index.jsonl');
      for (const k of Object.keys(after)) if (traces(k)) delete after[k];
      for (const k of Object.keys(before)) if (traces(k)) delete before[k];
      expect(after).toEqual(before);
    }
  });

  it('a manifest that is not JSON: exit 2 naming the file and line', async () => {
    const root = tempDir();
    const reportsDir = path.join(root, 'reports');
    const runId = await finishedRun(reportsDir, '2025-09-01T00:00:00Z');
    const manifest = path.join(reportsDir, SHA, runId, 'manifest.json');
    fs.writeFileSync(manifest, '{\n  "schemaVersion": 1,\n  oops\n}\n');
    const before = snapshot(root);
    const r = await runCli(['runs'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${manifest}:3: error MANIFEST_INVALID`);
    expect((await runCli(['archive', '--keep', '1'], { cwd: root })).code).toBe(2);
    expect(snapshot(root)).toEqual(before);
  });
});
