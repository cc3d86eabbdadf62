// A run's verified report for the dashboard: the evidence gathered and checked (digests, signatures,
// provenance, schemas, the ledger chain), the report built from it and the failure cause with the
// tail of its log — computed once and reused while a stamp of everything it read is unchanged.
import * as path from 'node:path';
import type { Clock, FileSystem } from '../core/ports.js';
import type { EvidencePort } from '../app/report/evidence-port.js';
import type { ApprovalCheckPort } from '../app/report/approvals.js';
import { gatherRunEvidence } from '../app/report/gather.js';
import { SchemaRegistry } from '../app/report/schemas.js';
import { buildExecutiveReport } from '../core/report/build.js';
import { failureCause } from '../core/report/cause.js';
import type { RunEvidence } from '../core/report/evidence.js';
import type { ExecutiveReport } from '../core/report/model.js';
import { AUDIT_DIR, EVIDENCE_FILE } from '../core/evidence/vocabulary.js';
import type { CauseView } from './pages/cause.js';
import type { RunIndex } from './run-index.js';
import { VerdictCache } from './verdict-cache.js';
import type { DashboardFiles } from './ports.js';

export interface RunRef {
  readonly featureSha: string;
  readonly runId: string;
  readonly runDir: string;
}

export interface VerifiedRun {
  readonly ev: RunEvidence;
  readonly report: ExecutiveReport;
  readonly cause?: CauseView;
}

export interface RunReportsDeps {
  readonly fs: FileSystem;
  readonly files: DashboardFiles;
  readonly clock: Clock;
  readonly reportsDir: string;
  readonly evidence: EvidencePort;
  readonly index: RunIndex;
  readonly project?: string;
  /** The project's listed approvers: recorded approvals count only when they verify against these. */
  readonly approvals?: ApprovalCheckPort;
}

export class RunReports {
  // Compiled once: compiling the JSON Schemas per view cost more than the verification itself.
  private readonly schemas: SchemaRegistry;
  private readonly verdicts = new VerdictCache<VerifiedRun>();

  constructor(private readonly deps: RunReportsDeps) {
    this.schemas = new SchemaRegistry(deps.fs);
  }

  get(ref: RunRef): Promise<VerifiedRun> {
    const { reportsDir, index, files } = this.deps;
    // Everything the verification reads: the run's files, the feature folder (trend), the ledger and
    // its signed heads (audit/). Other runs' manifest anchors are covered by the index version
    // (runs added or removed); a finished run's manifest edited in place is what `audit verify` finds.
    const stamp = async () => `${index.version}:${await files.stamp({ dirs: [ref.runDir, path.join(reportsDir, AUDIT_DIR)], files: [path.dirname(ref.runDir)], hashed: [path.join(ref.runDir, EVIDENCE_FILE.manifest)] })}`;
    return this.verdicts.get(`${ref.featureSha}/${ref.runId}`, stamp, () => this.verify(ref));
  }

  private async verify(ref: RunRef): Promise<VerifiedRun> {
    const { fs, clock, reportsDir, evidence, project, approvals } = this.deps;
    const ev = await gatherRunEvidence({ fs, clock, reportsDir, runDir: ref.runDir, evidence, schemas: this.schemas, ...(approvals === undefined ? {} : { approvals }), ...(project === undefined ? {} : { project }) });
    const doc = (name: 'manifest' | 'coverage' | 'validation') => (ev.docs[name].state === 'ok' ? ev.docs[name].doc : undefined);
    const cause = failureCause(doc('manifest'), doc('coverage'), doc('validation'));
    const logTail = cause?.log === undefined ? undefined : await this.deps.files.tail(path.join(ref.runDir, cause.log));
    return { ev, report: buildExecutiveReport(ev), ...(cause === undefined ? {} : { cause: { cause, ...(logTail === undefined ? {} : { logTail }) } }) };
  }
}
