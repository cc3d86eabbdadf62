// The run's provenance: an in-toto Statement v1 whose subjects are every evidence file (name +
// sha256) and whose predicate records how the run went. Pure: the caller supplies every fact.
import canonicalize from 'canonicalize';
import type { Mode } from '../config/schema.js';
import { sortByPathBytes, type SpecFileDigest } from '../spec/feature-sha.js';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PREDICATE_TYPE = 'https://specgate.dev/provenance/v1';

export interface ResourceDescriptor {
  readonly name: string;
  readonly digest: { readonly sha256: string };
}

export interface ProvenanceStage {
  readonly name: string;
  readonly status: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly durationMs?: number;
  readonly summary?: string;
}

export interface ProvenanceApproval {
  readonly approver: string;
  readonly keyFingerprint: string;
  readonly approvedAt: string;
}

export interface ProvenanceInput {
  readonly runId: string;
  readonly featureSha: string;
  readonly mode: Mode;
  readonly project: string;
  readonly initiator: string;
  readonly toolVersion: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly gitCommit?: string;
  readonly specFiles: readonly SpecFileDigest[];
  readonly stages: readonly ProvenanceStage[];
  readonly approvals: readonly ProvenanceApproval[];
  /** Every evidence file of the run, relative to the run directory. */
  readonly artifacts: readonly { readonly path: string; readonly sha256: string }[];
}

export interface ProvenancePredicate {
  readonly builder: { readonly id: string; readonly version: string };
  readonly run: {
    readonly runId: string;
    readonly featureSha: string;
    readonly mode: Mode;
    readonly project: string;
    readonly initiator: string;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly gitCommit: string | null;
  };
  readonly specs: readonly ResourceDescriptor[];
  readonly stages: readonly ProvenanceStage[];
  readonly approvals: readonly ProvenanceApproval[];
}

export interface Statement {
  readonly _type: typeof STATEMENT_TYPE;
  readonly subject: readonly ResourceDescriptor[];
  readonly predicateType: typeof PREDICATE_TYPE;
  readonly predicate: ProvenancePredicate;
}

const descriptor = (f: { readonly path: string; readonly sha256: string }): ResourceDescriptor => ({ name: f.path, digest: { sha256: f.sha256 } });

/** Builds the Statement; lists are sorted so the same run always yields the same bytes. */
export function buildProvenance(input: ProvenanceInput): Statement {
  return {
    _type: STATEMENT_TYPE,
    subject: sortByPathBytes(input.artifacts).map(descriptor),
    predicateType: PREDICATE_TYPE,
    predicate: {
      builder: { id: 'https://specgate.dev/cli', version: input.toolVersion },
      run: {
        runId: input.runId,
        featureSha: input.featureSha,
        mode: input.mode,
        project: input.project,
        initiator: input.initiator,
        startedAt: input.startedAt,
        finishedAt: input.finishedAt,
        gitCommit: input.gitCommit ?? null,
      },
      specs: sortByPathBytes(input.specFiles).map(descriptor),
      // Stage order is the pipeline's order: meaningful, so kept as given.
      stages: input.stages.map((s) => ({ ...s })),
      approvals: [...input.approvals].sort((a, b) => a.approvedAt.localeCompare(b.approvedAt) || a.keyFingerprint.localeCompare(b.keyFingerprint)),
    },
  };
}

/** RFC 8785 canonical bytes of the statement: the DSSE payload. */
export function statementBytes(statement: Statement): Buffer {
  const text = canonicalize(statement);
  if (text === undefined) throw new TypeError('statement is not serialisable');
  return Buffer.from(text, 'utf8');
}
