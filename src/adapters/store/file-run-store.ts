// The file store: the same layout and ledger code as a project's reports/ folder, shared by every
// project that points `store:` at the folder (one machine, or a network share). Pushes are
// serialised by a lock file and written as a small redo log (file-push-journal.ts): a pusher killed
// at any point leaves a push the next one finishes, never a run listed without its ledger lines nor
// lines appended twice. Scales to thousands of runs, not to an
// organisation: that is what the PostgreSQL store is for (docs/store.md).
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { fingerprint } from '../../core/security/signature.js';
import { StoreError } from '../../core/store/errors.js';
import { assertProjectName, REVISABLE, runConflict } from '../../core/store/bundle.js';
import { pageOf, planStoreArchive } from '../../core/store/query.js';
import type { ArchivePolicy, LedgerHeadRecord, PushOutcome, PushRecord, PushedCheckpoint, RunPage, RunQuery, RunRef, RunStore, ServingRun, StoredRun, StoredRunSummary } from '../../core/store/ports.js';
import { ledgerPath } from '../evidence/ledger-file.js';
import { commitPush, lastWholeChain, rollForward, type PushStep } from './file-push-journal.js';
import { fileLedgerHead } from './file-ledger-head.js';
import { withLock } from '../fs/lock.js';
import { writeFileAtomic } from '../node-fs.js';

/** Marks a run archived by the retention policy: hidden from listings, evidence kept. */
const ARCHIVED = 'archived.json';

interface RecordFile extends StoredRun {
  readonly bundleDigest: string;
  readonly checkpoints: readonly PushedCheckpoint[];
  readonly localLedger: PushRecord['localLedger'];
}


export class FileRunStore implements RunStore {
  readonly display: string;
  constructor(
    private readonly root: string,
    private readonly now: () => Date,
    /** Tests only: stop every push after this step, as a SIGKILL would. */
    private readonly stopAfter?: PushStep,
  ) {
    this.display = root;
  }

  private runDir(ref: RunRef): string {
    assertProjectName(ref.project);
    return path.join(this.root, 'runs', ref.project, ref.featureSha, ref.runId);
  }

  async push(record: PushRecord): Promise<PushOutcome> {
    await fsp.mkdir(path.join(this.root, 'audit'), { recursive: true });
    return withLock(path.join(this.root, 'audit', 'push.lock'), async () => {
      await rollForward(this.root);
      const last = await this.latestRecord(record.ref);
      if (last?.bundleDigest === record.bundleDigest) return { state: 'unchanged', revision: last.revision, ...(await this.head()) };
      if (last !== undefined && !REVISABLE.has(last.status)) {
        throw runConflict(record.ref, last.status);
      }
      const revision = (last?.revision ?? 0) + 1;
      const stored: RecordFile = { ...record.ref, ...record.facts, revision, pushedAt: this.now().toISOString(), files: record.files, bundleDigest: record.bundleDigest, checkpoints: record.checkpoints, localLedger: record.localLedger };
      const recordFile = path.relative(this.root, path.join(this.runDir(record.ref), `r${revision}.json`)).split(path.sep).join('/');
      const intent = { recordFile, record: `${JSON.stringify(stored, null, 2)}\n`, texts: record.checkpoints.map((c) => c.text), headBefore: await lastWholeChain(this.root) };
      await commitPush(this.root, intent, this.stopAfter);
      return { state: last === undefined ? 'stored' : 'revised', revision, ...(await this.head()) };
    });
  }

  /** Read from the ledger's tail and a carried-forward line count, not the whole ledger (file-ledger-head.ts). */
  private head(): Promise<{ centralLines: number; centralHead: string }> {
    return fileLedgerHead(this.root);
  }

  private async latestRecord(ref: RunRef): Promise<RecordFile | undefined> {
    const dir = this.runDir(ref);
    const names = await fsp.readdir(dir).catch(() => [] as string[]);
    const revisions = names.map((n) => /^r(\d+)\.json$/.exec(n)?.[1]).filter((r): r is string => r !== undefined).map(Number);
    if (revisions.length === 0) return undefined;
    return JSON.parse(await fsp.readFile(path.join(dir, `r${Math.max(...revisions)}.json`), 'utf8')) as RecordFile;
  }

  async trustedKeys(project: string): Promise<readonly string[]> {
    assertProjectName(project);
    const dir = path.join(this.root, 'keys', project);
    const names = (await fsp.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.pub')).sort();
    return Promise.all(names.map((n) => fsp.readFile(path.join(dir, n), 'utf8')));
  }

  async trustKey(project: string, publicKeyPem: string, fp: string): Promise<void> {
    assertProjectName(project);
    if (fingerprint(publicKeyPem) !== fp) throw new StoreError('STORE_REJECTED', 'the key does not have the fingerprint given', { hint: 'pass the key itself' });
    const dir = path.join(this.root, 'keys', project);
    await fsp.mkdir(dir, { recursive: true });
    await writeFileAtomic(path.join(dir, `${fp}.pub`), publicKeyPem);
  }

  async getRun(ref: RunRef): Promise<StoredRun | undefined> {
    const r = await this.latestRecord(ref);
    return r === undefined ? undefined : { ...summary(r), bundleDigest: r.bundleDigest, files: r.files };
  }

  /** Every current record, newest first: the file store has no index, so it reads them all. */
  private async all(): Promise<RecordFile[]> {
    const out: RecordFile[] = [];
    const runs = path.join(this.root, 'runs');
    for (const project of await fsp.readdir(runs).catch(() => [] as string[])) {
      for (const sha of await fsp.readdir(path.join(runs, project)).catch(() => [] as string[])) {
        for (const runId of await fsp.readdir(path.join(runs, project, sha)).catch(() => [] as string[])) {
          const r = await this.latestRecord({ project, featureSha: sha, runId });
          const archived = await fsp.stat(path.join(runs, project, sha, runId, ARCHIVED)).then(() => true, () => false);
          if (r !== undefined && !archived) out.push(r);
        }
      }
    }
    return out;
  }

  async listRuns(query: RunQuery): Promise<RunPage> {
    return pageOf((await this.all()).map(summary), query);
  }

  async serving(project?: string): Promise<readonly ServingRun[]> {
    const best = new Map<string, StoredRunSummary>();
    const sorted = (await this.all()).map(summary).filter((r) => r.serving && r.environment !== null && (project === undefined || r.project === project));
    sorted.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
    for (const r of sorted) if (!best.has(`${r.project}\0${r.environment}`)) best.set(`${r.project}\0${r.environment}`, r);
    return [...best.values()].map((r) => ({ ...r, environment: r.environment ?? '' })).sort((a, b) => (a.project + a.environment < b.project + b.environment ? -1 : 1));
  }

  async archiveRuns(policy: ArchivePolicy): Promise<readonly RunRef[]> {
    const chosen = planStoreArchive((await this.all()).map(summary), policy);
    if (policy.dryRun) return chosen;
    const at = this.now().toISOString();
    for (const ref of chosen) await writeFileAtomic(path.join(this.runDir(ref), ARCHIVED), `${JSON.stringify({ archivedAt: at, keep: policy.keep, olderThan: policy.olderThan ?? null })}\n`);
    return chosen;
  }

  async *ledgerChunks(): AsyncIterable<Uint8Array> {
    const handle = await fsp.open(ledgerPath(this.root), 'r').catch(() => undefined);
    if (handle === undefined) return;
    try {
      const buffer = Buffer.alloc(4 << 20);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) return;
        yield Buffer.from(buffer.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
  }

  async pushedCheckpoints(project: string): Promise<readonly PushedCheckpoint[]> {
    return (await this.allRevisions(project)).flatMap((r) => r.checkpoints);
  }

  async ledgerHeads(project: string): Promise<readonly LedgerHeadRecord[]> {
    return (await this.allRevisions(project)).map((r) => ({ ...r.localLedger, featureSha: r.featureSha, runId: r.runId }));
  }

  /** Every revision this project pushed, in push order. */
  private async allRevisions(project: string): Promise<RecordFile[]> {
    assertProjectName(project);
    const out: RecordFile[] = [];
    const base = path.join(this.root, 'runs', project);
    for (const sha of await fsp.readdir(base).catch(() => [] as string[])) {
      for (const runId of await fsp.readdir(path.join(base, sha)).catch(() => [] as string[])) {
        for (const name of await fsp.readdir(path.join(base, sha, runId))) {
          if (/^r\d+\.json$/.test(name)) out.push(JSON.parse(await fsp.readFile(path.join(base, sha, runId, name), 'utf8')) as RecordFile);
        }
      }
    }
    return out.sort((a, b) => (a.pushedAt < b.pushedAt ? -1 : a.pushedAt > b.pushedAt ? 1 : a.revision - b.revision));
  }

  async close(): Promise<void> {
    // Nothing held open.
  }
}

function summary(r: RecordFile): StoredRunSummary {
  return {
    project: r.project, featureSha: r.featureSha, runId: r.runId, revision: r.revision, mode: r.mode, status: r.status, initiator: r.initiator,
    startedAt: r.startedAt, endedAt: r.endedAt, keyFingerprint: r.keyFingerprint, environment: r.environment, serving: r.serving, pushedAt: r.pushedAt,
  };
}
