// What the report builder receives: the run's evidence documents as read from disk, plus the
// verdicts of the checks the application layer performed on them (digests, signatures, schemas,
// the ledger chain). The builder is pure: same evidence in, same report out.
import { EVIDENCE_FILE } from '../evidence/vocabulary.js';
import type { AnchorVerdict } from '../evidence/anchors.js';
import type { ReleaseDocs } from './changes.js';

/** One evidence document and what reading and schema-validating it found. */
export interface EvidenceDoc {
  /** Path relative to the run directory. */
  readonly file: string;
  readonly state: 'ok' | 'missing' | 'unreadable' | 'invalid-json';
  /** Parsed JSON (or the raw object for JSONL); attacker-controlled, read with src/core/report/read.ts. */
  readonly doc?: unknown;
  /** `unavailable` when no JSON Schema for this file is installed yet. */
  readonly schema: 'valid' | 'invalid' | 'unavailable' | 'not-checked';
  readonly problems: readonly string[];
}

export type EvidenceName = 'manifest' | 'validation' | 'coverage' | 'estimates' | 'sarif' | 'sbom' | 'deploy' | 'generation' | 'image';

export const EVIDENCE_FILES: Readonly<Record<EvidenceName, string>> = {
  manifest: EVIDENCE_FILE.manifest,
  validation: EVIDENCE_FILE.validation,
  coverage: EVIDENCE_FILE.coverage,
  estimates: EVIDENCE_FILE.estimates,
  sarif: EVIDENCE_FILE.sarif,
  sbom: EVIDENCE_FILE.sbom,
  deploy: EVIDENCE_FILE.deploy,
  generation: EVIDENCE_FILE.generation,
  image: EVIDENCE_FILE.image,
};

export interface DigestCheck {
  readonly path: string;
  readonly status: 'ok' | 'missing' | 'mismatch' | 'unsafe-path';
  readonly detail: string;
}

export interface SignatureCheck {
  readonly path: string;
  readonly status: 'valid' | 'invalid' | 'missing';
  readonly detail: string;
}

export interface SignatureEvidence {
  /** Where the public key came from: given by the caller (trusted), the run's signing.pub, or none. */
  readonly keySource: 'given' | 'run' | 'none';
  readonly fingerprint?: string;
  /** The fingerprint the manifest records, to compare with the key used. */
  readonly manifestFingerprint?: string;
  readonly files: readonly SignatureCheck[];
  /** Files in the run directory that no manifest entry or signature accounts for. */
  readonly unexpected: readonly string[];
}

export interface ProvenanceEvidence {
  readonly state: 'missing' | 'valid' | 'invalid' | 'unverified';
  readonly detail: string;
}

export interface Checkpoint {
  readonly lineNo: number;
  readonly time: string;
  readonly runId: string;
  readonly featureSha: string;
  readonly stage: string;
  readonly status: string;
  readonly artifact: string;
  readonly chain: string;
}

export interface LedgerEvidence {
  readonly present: boolean;
  readonly ok: boolean;
  readonly lines: number;
  readonly firstBad?: { readonly line: number; readonly reason: string };
  /** This run's checkpoints, in ledger order. */
  readonly checkpoints: readonly Checkpoint[];
  /** The chain compared with every finished run's signed anchors and the signed heads (same verdict as `audit verify`). */
  readonly anchors?: AnchorVerdict;
}

export interface TrendInput {
  readonly manifest: unknown;
  readonly coverage?: unknown;
  readonly deploy?: unknown;
}

/** One approval recorded in the manifest, as checked now against the approvers listed in specgate.yaml. */
export interface ApprovalVerdict {
  readonly by: string;
  readonly at: string;
  /** `verified`: signed by a listed approver's key for this run's approval request; only these count in compliance. */
  readonly state: 'verified' | 'unsigned' | 'rejected' | 'unchecked';
  readonly detail: string;
}

export interface ApprovalEvidence {
  /** How many approvers specgate.yaml lists where the report is made (0: no approval can be verified). */
  readonly listed: number;
  readonly entries: readonly ApprovalVerdict[];
}

export interface RunEvidence {
  readonly phase: 'in-run' | 'finished';
  readonly generatedAt: Date;
  readonly project: string;
  readonly docs: Readonly<Record<EvidenceName, EvidenceDoc>>;
  readonly digests: readonly DigestCheck[];
  readonly signatures: SignatureEvidence;
  readonly provenance: ProvenanceEvidence;
  readonly ledger: LedgerEvidence;
  /** This feature's recent runs, newest first, this run included. */
  readonly trend: readonly TrendInput[];
  /** The manifest's approvals checked against the listed approvers; absent: none checked (none count in compliance). */
  readonly approvals?: ApprovalEvidence;
  /** The release that served staging before this run (as recorded), or why there is none to compare with. */
  readonly previousRelease?: ReleaseDocs | { readonly none: string };
}
