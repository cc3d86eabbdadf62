// The run's provenance: an in-toto Statement v1 whose subjects are every evidence file (name +
// sha256) and whose predicate is SLSA Provenance v1 recording how the run went. Pure: the caller supplies every fact.
import canonicalize from 'canonicalize';
import type { Mode } from '../config/schema.js';
import { sortByPathBytes, type SpecFileDigest } from '../spec/feature-sha.js';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PREDICATE_TYPE = 'https://slsa.dev/provenance/v1';
/** How to read buildDefinition: a specgate run from specs to staging (docs/evidence.md). */
export const BUILD_TYPE = 'https://specgate.dev/buildtypes/run/v1';
export const BUILDER_ID = 'https://specgate.dev/cli';

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

/** SLSA Provenance v1 (https://slsa.dev/spec/v1.0/provenance); specgate's facts under its two halves. */
export interface ProvenancePredicate {
  readonly buildDefinition: {
    readonly buildType: typeof BUILD_TYPE;
    /** What the initiator chose: the project, the mode and the spec state (feature SHA). */
    readonly externalParameters: { readonly project: string; readonly mode: Mode; readonly featureSha: string; readonly initiator: string };
    /** What specgate decided along the way: the stages and who approved. */
    readonly internalParameters: { readonly stages: readonly ProvenanceStage[]; readonly approvals: readonly ProvenanceApproval[] };
    /** The spec files (name + sha256) and, when known, the git commit they were read at. */
    readonly resolvedDependencies: readonly (ResourceDescriptor | { readonly name: string; readonly digest: { readonly gitCommit: string } })[];
  };
  readonly runDetails: {
    readonly builder: { readonly id: string; readonly version: { readonly specgate: string } };
    readonly metadata: { readonly invocationId: string; readonly startedOn: string; readonly finishedOn: string };
  };
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
  const commit = input.gitCommit === undefined ? [] : [{ name: 'git-commit', digest: { gitCommit: input.gitCommit } }];
  return {
    _type: STATEMENT_TYPE,
    subject: sortByPathBytes(input.artifacts).map(descriptor),
    predicateType: PREDICATE_TYPE,
    predicate: {
      buildDefinition: {
        buildType: BUILD_TYPE,
        externalParameters: { project: input.project, mode: input.mode, featureSha: input.featureSha, initiator: input.initiator },
        internalParameters: {
          // Stage order is the pipeline's order: meaningful, so kept as given.
          stages: input.stages.map((s) => ({ ...s })),
          approvals: [...input.approvals].sort((a, b) => a.approvedAt.localeCompare(b.approvedAt) || a.keyFingerprint.localeCompare(b.keyFingerprint)),
        },
        resolvedDependencies: [...sortByPathBytes(input.specFiles).map(descriptor), ...commit],
      },
      runDetails: {
        builder: { id: BUILDER_ID, version: { specgate: input.toolVersion } },
        metadata: { invocationId: input.runId, startedOn: input.startedAt, finishedOn: input.finishedAt },
      },
    },
  };
}

/** The run a (parsed, untrusted) predicate claims to describe: what `verify` compares with the manifest. */
export function provenanceRunFacts(predicate: unknown): { runId?: unknown; featureSha?: unknown; mode?: unknown } {
  const p = predicate as { buildDefinition?: { externalParameters?: Record<string, unknown> }; runDetails?: { metadata?: Record<string, unknown> }; run?: Record<string, unknown> } | null;
  // Runs written before SLSA v1 (predicateType https://specgate.dev/provenance/v1) kept these under `run`.
  if (p?.buildDefinition === undefined && p?.run !== undefined) return { runId: p.run.runId, featureSha: p.run.featureSha, mode: p.run.mode };
  const external = p?.buildDefinition?.externalParameters ?? {};
  return { runId: p?.runDetails?.metadata?.invocationId, featureSha: external.featureSha, mode: external.mode };
}

/** RFC 8785 canonical bytes of the statement: the DSSE payload. */
export function statementBytes(statement: Statement): Buffer {
  const text = canonicalize(statement);
  if (text === undefined) throw new TypeError('statement is not serialisable');
  return Buffer.from(text, 'utf8');
}
