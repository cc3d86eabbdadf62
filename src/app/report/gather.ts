// reportForRun: gathers a run's evidence, verifies it (schemas, digests, signatures, provenance,
// the ledger chain) at this moment, and builds the executive report from what it found.
import * as path from 'node:path';
import type { Clock, FileSystem } from '../../core/ports.js';
import { buildExecutiveReport } from '../../core/report/build.js';
import { EVIDENCE_FILES, type EvidenceDoc, type EvidenceName, type RunEvidence, type TrendInput } from '../../core/report/evidence.js';
import { manifestFacts } from '../../core/report/facts.js';
import type { ExecutiveReport } from '../../core/report/model.js';
import { ReportError } from '../../core/report/errors.js';
import { compareRunIds } from '../../core/evidence/run-id.js';
import { SchemaRegistry } from './schemas.js';
import { libraryEvidence, type EvidencePort } from './evidence-port.js';
import { listRunIds } from './runs.js';
import { previousRelease } from './previous-release.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';
import { checkRecordedApprovals, type ApprovalCheckPort } from './approvals.js';

export interface ReportForRunOptions {
  readonly fs: FileSystem;
  readonly clock: Clock;
  /** Absolute path of reports/. */
  readonly reportsDir: string;
  /** Absolute path of reports/<feature-sha>/<run-id>/. */
  readonly runDir: string;
  /** `in-run` when the audit stage writes the report before the run is finished and signed. */
  readonly phase?: 'in-run' | 'finished';
  /** A trusted public key (PEM); else the run's own signing.pub is used and the report says so. */
  readonly publicKeyPem?: string;
  readonly project?: string;
  /** How many of the feature's runs the trend compares (default 10). */
  readonly trendSize?: number;
  readonly evidence?: EvidencePort;
  readonly schemas?: SchemaRegistry;
  /** The approvers listed in specgate.yaml; absent: no recorded approval can be verified, so none counts in compliance. */
  readonly approvals?: ApprovalCheckPort;
}

async function readDoc(fs: FileSystem, schemas: SchemaRegistry, runDir: string, name: EvidenceName): Promise<EvidenceDoc> {
  const file = EVIDENCE_FILES[name];
  const full = path.join(runDir, file);
  const info = await fs.lstat(full);
  if (info === undefined) return { file, state: 'missing', schema: 'not-checked', problems: [] };
  if (info.kind !== 'file') return { file, state: 'unreadable', schema: 'not-checked', problems: [`${file} is a ${info.kind}, not a regular file`] };
  let text: string;
  try {
    text = await fs.readText(full);
  } catch (error) {
    return { file, state: 'unreadable', schema: 'not-checked', problems: [String(error)] };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { file, state: 'invalid-json', schema: 'not-checked', problems: [error instanceof Error ? error.message : String(error)] };
  }
  return { file, state: 'ok', doc, ...(await schemas.check(name, doc)) };
}

async function readJsonQuietly(fs: FileSystem, file: string): Promise<unknown> {
  try {
    return (await fs.lstat(file))?.kind === 'file' ? (JSON.parse(await fs.readText(file)) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** This run and the feature's earlier runs (newest first), as recorded: only this run is verified. */
async function gatherTrend(fs: FileSystem, reportsDir: string, featureSha: string, runId: string, size: number): Promise<TrendInput[]> {
  const ids = (await listRunIds(fs, reportsDir, featureSha)).filter((id) => compareRunIds(id, runId) <= 0).slice(0, size);
  const rows: TrendInput[] = [];
  for (const id of ids) {
    const dir = path.join(reportsDir, featureSha, id);
    const manifest = await readJsonQuietly(fs, path.join(dir, EVIDENCE_FILE.manifest));
    if (manifest === undefined) continue;
    rows.push({ manifest, coverage: await readJsonQuietly(fs, path.join(dir, EVIDENCE_FILE.coverage)), deploy: await readJsonQuietly(fs, path.join(dir, EVIDENCE_FILE.deploy)) });
  }
  return rows;
}

export async function gatherRunEvidence(options: ReportForRunOptions): Promise<RunEvidence> {
  const { fs, runDir, reportsDir } = options;
  const schemas = options.schemas ?? new SchemaRegistry(fs);
  const evidence = options.evidence ?? libraryEvidence(fs, options.publicKeyPem === undefined ? {} : { publicKeyPem: options.publicKeyPem });
  const names = Object.keys(EVIDENCE_FILES) as EvidenceName[];
  const docs = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readDoc(fs, schemas, runDir, n)] as const))) as Record<EvidenceName, EvidenceDoc>;
  if (docs.manifest.state === 'missing') {
    throw new ReportError('MANIFEST_UNREADABLE', `${path.join(runDir, EVIDENCE_FILE.manifest)} does not exist`, { path: runDir, hint: 'is this a run directory? list runs with `specgate runs`' });
  }
  const m = manifestFacts(docs.manifest.doc);
  // No end time yet (running, or paused for approval): nothing is signed yet.
  const phase = options.phase ?? (m.finishedAt === undefined ? 'in-run' : 'finished');
  const runId = path.basename(runDir);
  const featureSha = path.basename(path.dirname(runDir));
  const ledger = await evidence.verifyLedger(reportsDir, { runId, featureSha });
  const verdicts = await evidence.verifyRunDir(runDir, options.publicKeyPem);
  return {
    phase,
    generatedAt: options.clock.now(),
    project: options.project ?? path.basename(path.dirname(reportsDir)),
    docs,
    digests: verdicts.digests,
    // While the run is in progress nothing is signed yet: the report says so instead of failing.
    signatures:
      phase === 'in-run'
        ? { keySource: 'none', files: [], unexpected: [] }
        : // verifyRun reads signing.keyFingerprint; the runner records signing.publicKeyFingerprint: compare with either.
          { ...verdicts.signatures, ...(verdicts.signatures.manifestFingerprint === undefined && m.fingerprint !== undefined ? { manifestFingerprint: m.fingerprint } : {}) },
    provenance: phase === 'in-run' ? { state: 'missing', detail: 'written at end of run' } : verdicts.provenance,
    ledger,
    trend: await gatherTrend(fs, reportsDir, featureSha, runId, options.trendSize ?? 10),
    approvals: await checkRecordedApprovals(fs, runDir, docs.manifest.doc, options.approvals),
    previousRelease: await previousRelease(fs, reportsDir, runId, docs.deploy.state === 'ok' ? docs.deploy.doc : undefined),
  };
}

export async function reportForRun(options: ReportForRunOptions): Promise<ExecutiveReport> {
  return buildExecutiveReport(await gatherRunEvidence(options));
}
