// `specgate push`: publishes a finished run to the organisation's store. Everything is checked
// before anything is written: the run folder's bytes are verified in memory with `specgate verify`'s
// own code against a key the store trusts for the project, and the project's ledger must verify
// and hold the run's checkpoints. Then the blobs go in (content-addressed, so a crash leaves only
// unreferenced bytes), then the run, its file list and its ledger lines in one transaction.
import * as path from 'node:path';
import { checkpointText } from '../../core/evidence/checkpoint.js';
import { MANIFEST_FILE, parseRunManifest } from '../../core/security/manifest.js';
import { fingerprint, sha256Hex } from '../../core/security/signature.js';
import { StoreError } from '../../core/store/errors.js';
import { bundleDigest, REVISABLE, runConflict, runFacts } from '../../core/store/bundle.js';
import type { BlobStore, LocalLedgerHead, PushOutcome, PushRecord, RunStore, StoredFile } from '../../core/store/ports.js';
import { readCheckpoints, verifyLedger, ledgerPath } from '../../adapters/evidence/ledger-file.js';
import { MemoryRunFolder } from '../../adapters/store/memory-fs.js';
import { readRunFolder } from '../../adapters/store/run-folder.js';
import { firstLedgerChain } from '../../adapters/store/local-ledger.js';
import { verifyRun } from '../security/verify.js';

/** Statuses a run may be stored in without a signature: nothing in them claims a result yet. */
const UNSIGNED_OK = new Set(['paused', 'awaiting-approval', 'interrupted']);


export interface PushInput {
  readonly project: string;
  readonly reportsDir: string;
  readonly runDir: string;
}

export interface PushResult extends PushOutcome {
  readonly project: string;
  readonly featureSha: string;
  readonly runId: string;
  readonly files: number;
  /** Blobs this push uploaded; the rest were already stored (deduplicated). */
  readonly blobsUploaded: number;
  readonly bytesUploaded: number;
}

export async function pushRun(store: { runs: RunStore; blobs: BlobStore }, input: PushInput): Promise<PushResult> {
  const files = await readRunFolder(input.runDir);
  const manifestBytes = files.get(MANIFEST_FILE);
  if (manifestBytes === undefined) throw new StoreError('STORE_REJECTED', `${input.runDir} has no ${MANIFEST_FILE}`, { path: input.runDir, hint: 'push a run folder: reports/<feature-sha>/<run-id>' });
  const manifest = parseRunManifest(Buffer.from(manifestBytes).toString('utf8'));
  const status = typeof manifest.raw.status === 'string' ? manifest.raw.status : 'running';
  if (status === 'running') throw new StoreError('STORE_REJECTED', `${input.runDir} is still running`, { path: input.runDir, hint: 'push a run once it finished (or paused for approval)' });

  const keyFingerprint = await verifyAgainstTrustedKey(store.runs, input, files, manifest.keyFingerprint, status);
  const deployBytes = files.get('deploy-report.json');
  const { featureSha, runId, facts } = runFacts(manifest.raw, deployBytes === undefined ? undefined : safeJson(deployBytes), keyFingerprint);
  const stored: StoredFile[] = [...files].map(([p, data]) => ({ path: p, sha256: sha256Hex(data), size: data.length })).sort((a, b) => (a.path < b.path ? -1 : 1));
  const record: PushRecord = {
    ref: { project: input.project, featureSha, runId },
    facts,
    bundleDigest: bundleDigest(stored),
    files: stored,
    ...(await localLedger(input.reportsDir, featureSha, runId)),
  };

  await refuseEarly(store.runs, record);
  const missing = new Set(await store.blobs.missing(stored.map((f) => f.sha256)));
  let bytesUploaded = 0;
  let blobsUploaded = 0;
  for (const f of stored) {
    if (!missing.delete(f.sha256)) continue;
    await store.blobs.put(f.sha256, files.get(f.path) as Uint8Array);
    bytesUploaded += f.size;
    blobsUploaded += 1;
  }
  const outcome = await store.runs.push(record);
  return { ...outcome, project: input.project, featureSha, runId, files: stored.length, blobsUploaded, bytesUploaded };
}

/**
 * A different run already stored under this id is refused before any byte is uploaded; the
 * transaction checks again (another pusher may get there between the two).
 */
async function refuseEarly(runs: RunStore, record: PushRecord): Promise<void> {
  const stored = await runs.getRun(record.ref);
  if (stored === undefined || stored.bundleDigest === record.bundleDigest || REVISABLE.has(stored.status)) return;
  throw runConflict(record.ref, stored.status);
}

function safeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Runs `specgate verify`'s checks on the in-memory bytes with the project's trusted key. */
async function verifyAgainstTrustedKey(runs: RunStore, input: PushInput, files: ReadonlyMap<string, Uint8Array>, manifestKey: string | undefined, status: string): Promise<string | null> {
  const folder = new MemoryRunFolder(path.resolve('/', 'run'), files);
  let keyPem: string | undefined;
  if (manifestKey !== undefined) {
    const trusted = await runs.trustedKeys(input.project);
    keyPem = trusted.find((pem) => fingerprint(pem) === manifestKey);
    if (keyPem === undefined) {
      throw new StoreError('STORE_REJECTED', `${input.runDir} is signed by key ${manifestKey.slice(0, 16)}…, which the store does not trust for project ${input.project}`, {
        path: input.runDir,
        hint: `an administrator trusts a key with \`specgate store trust --project ${input.project} --key specgate.pub\``,
      });
    }
  } else if (!UNSIGNED_OK.has(status)) {
    throw new StoreError('STORE_REJECTED', `${input.runDir} is unsigned (status ${status}); the store accepts finished runs only when signed`, {
      path: input.runDir,
      hint: 'configure a signing key (`specgate keys generate`, `signing:` in specgate.yaml) and run again',
    });
  }
  const result = await verifyRun(folder.root, keyPem, { fs: folder });
  const problems = result.problems.filter((p) => keyPem !== undefined || p.code !== 'SIGNATURE_MISSING');
  if (problems.length > 0) {
    throw new StoreError('STORE_REJECTED', `${input.runDir} does not verify: ${problems.map((p) => `${p.path}: ${p.code} ${p.message}`).join('; ').slice(0, 2000)}`, {
      path: input.runDir,
      hint: 'run `specgate verify` on the folder; the store accepts only intact, signed evidence',
    });
  }
  return keyPem === undefined ? null : (manifestKey ?? null);
}

/** The run's checkpoints from the project's own ledger, which must verify, and the ledger's head. */
async function localLedger(reportsDir: string, featureSha: string, runId: string): Promise<Pick<PushRecord, 'checkpoints' | 'localLedger'>> {
  const verified = await verifyLedger(reportsDir);
  if (!verified.ok) {
    throw new StoreError('STORE_REJECTED', `the project ledger ${verified.path} does not verify (${verified.firstBad?.message ?? 'broken'})`, {
      path: verified.path,
      hint: 'run `specgate audit verify`; a tampered ledger is never published',
    });
  }
  const { entries } = await readCheckpoints(reportsDir, { featureSha, runId });
  if (entries.length === 0) {
    throw new StoreError('STORE_REJECTED', `the project ledger ${ledgerPath(reportsDir)} has no checkpoints of run ${featureSha}/${runId}`, {
      path: ledgerPath(reportsDir),
      hint: 'push from the job (or workspace) whose reports/ ran it, with its audit/checkpoints.log',
    });
  }
  const head: LocalLedgerHead = { ledgerId: await firstLedgerChain(reportsDir), lines: verified.lines, head: verified.headChain };
  return { checkpoints: entries.map((e) => ({ text: checkpointText(e), localChain: e.chain })), localLedger: head };
}
