// `specgate push`: publishes a finished run to the organisation's store. Everything is checked
// before anything is written: the run folder's bytes are verified in memory with `specgate verify`'s
// own code against a key the store trusts for the project, and the project's ledger must verify
// and hold the run's checkpoints. Then the blobs go in (content-addressed, so a crash leaves only
// unreferenced bytes), then the run, its file list and its ledger lines in one transaction.
import * as path from 'node:path';
import { checkpointText } from '../../core/evidence/checkpoint.js';
import { isLedgerAnchor } from '../../core/evidence/anchors.js';
import { parseRunManifest } from '../../core/security/manifest.js';
import { fingerprint } from '../../core/security/signature.js';
import { sha256Hex } from '../../core/data.js';
import { StoreError } from '../../core/store/errors.js';
import { bundleDigest, REVISABLE, runConflict, runFacts } from '../../core/store/bundle.js';
import type { LocalLedgerHead, PushOutcome, PushRecord, PushedCheckpoint, RunStore, StoredFile } from '../../core/store/ports.js';
import { MemoryRunFolder } from './memory-folder.js';
import type { LocalEvidence, StoreHalves } from './ports.js';
import { verifyRun } from '../security/verify.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';

/** Statuses a run may be stored in without a signature: nothing in them claims a result yet. */
const UNSIGNED_OK = new Set(['paused', 'awaiting-approval', 'interrupted']);


export interface PushInput {
  readonly project: string;
  readonly reportsDir: string;
  readonly runDir: string;
  /** The project ledger read once for several runs; read here when absent. */
  readonly ledger?: LocalLedgerSnapshot;
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

export async function pushRun(store: StoreHalves & { readonly local: LocalEvidence }, input: PushInput): Promise<PushResult> {
  const files = await store.local.readRunFolder(input.runDir);
  const manifestBytes = files.get(EVIDENCE_FILE.manifest);
  if (manifestBytes === undefined) throw new StoreError('STORE_REJECTED', `${input.runDir} has no ${EVIDENCE_FILE.manifest}`, { path: input.runDir, hint: 'push a run folder: reports/<feature-sha>/<run-id>' });
  const manifest = parseRunManifest(Buffer.from(manifestBytes).toString('utf8'));
  const status = typeof manifest.raw.status === 'string' ? manifest.raw.status : 'running';
  if (status === 'running') throw new StoreError('STORE_REJECTED', `${input.runDir} is still running`, { path: input.runDir, hint: 'push a run once it finished (or paused for approval)' });

  const keyFingerprint = await verifyAgainstTrustedKey(store.runs, input, files, manifest.keyFingerprint, status);
  const deployBytes = files.get(EVIDENCE_FILE.deploy);
  const { featureSha, runId, facts } = runFacts(manifest.raw, deployBytes === undefined ? undefined : safeJson(deployBytes), keyFingerprint);
  const snapshot = input.ledger ?? (await readLocalLedger(store.local, input.reportsDir));
  checkSignedAnchors(snapshot, manifest.raw, input.runDir);
  const stored: StoredFile[] = [...files].map(([p, data]) => ({ path: p, sha256: sha256Hex(data), size: data.length })).sort((a, b) => (a.path < b.path ? -1 : 1));
  const record: PushRecord = {
    ref: { project: input.project, featureSha, runId },
    facts,
    bundleDigest: bundleDigest(stored),
    files: stored,
    ...localLedger(snapshot, featureSha, runId),
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

/** The project's own ledger, verified and read once per push command (not once per run). */
export interface LocalLedgerSnapshot {
  readonly head: LocalLedgerHead;
  readonly byRun: ReadonlyMap<string, readonly PushedCheckpoint[]>;
  /** Chain column by 1-based line number, to compare with the anchors signed into manifests. */
  readonly chainAt: ReadonlyMap<number, string>;
  readonly path: string;
}

export async function readLocalLedger(local: LocalEvidence, reportsDir: string): Promise<LocalLedgerSnapshot> {
  const verified = await local.verifyLedger(reportsDir);
  if (!verified.ok) {
    throw new StoreError('STORE_REJECTED', `the project ledger ${verified.path} does not verify (${verified.firstBad?.message ?? 'broken'})`, {
      path: verified.path,
      hint: 'run `specgate audit verify`; a tampered ledger is never published',
    });
  }
  const byRun = new Map<string, PushedCheckpoint[]>();
  const chainAt = new Map<number, string>();
  for (const e of await local.ledgerEntries(reportsDir)) {
    chainAt.set(e.line, e.chain);
    const key = `${e.featureSha}/${e.runId}`;
    const list = byRun.get(key) ?? [];
    list.push({ text: checkpointText(e), localChain: e.chain });
    byRun.set(key, list);
  }
  return { head: { ledgerId: await local.firstLedgerChain(reportsDir), lines: verified.lines, head: verified.headChain }, byRun, chainAt, path: verified.path };
}

/**
 * The ledger anchors signed into the manifest (where the ledger stood when the run opened and was
 * sealed) must still hold in the ledger being published: a ledger rewritten since is refused.
 */
function checkSignedAnchors(snapshot: LocalLedgerSnapshot, manifest: Readonly<Record<string, unknown>>, runDir: string): void {
  const anchors = (manifest.ledger ?? {}) as Record<string, unknown>;
  for (const which of ['opened', 'sealed'] as const) {
    const anchor = anchors[which];
    if (!isLedgerAnchor(anchor)) continue;
    const chain = snapshot.chainAt.get(anchor.line);
    if (chain === anchor.chain) continue;
    throw new StoreError('STORE_REJECTED', `the run's signed ${which} anchor (line ${anchor.line}, chain ${anchor.chain.slice(0, 16)}…) ${chain === undefined ? 'is past the end of' : 'does not match'} the project ledger ${snapshot.path}`, {
      path: runDir,
      hint: 'the ledger was rewritten or cut since the run was sealed: run `specgate audit verify` and push from an intact copy',
    });
  }
}

/** The run's checkpoints from the project's own ledger, which must hold some. */
function localLedger(snapshot: LocalLedgerSnapshot, featureSha: string, runId: string): Pick<PushRecord, 'checkpoints' | 'localLedger'> {
  const checkpoints = snapshot.byRun.get(`${featureSha}/${runId}`) ?? [];
  if (checkpoints.length === 0) {
    throw new StoreError('STORE_REJECTED', `the project ledger ${snapshot.path} has no checkpoints of run ${featureSha}/${runId}`, {
      path: snapshot.path,
      hint: 'push from the job (or workspace) whose reports/ ran it, with its audit/checkpoints.log',
    });
  }
  return { checkpoints, localLedger: snapshot.head };
}
