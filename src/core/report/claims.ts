// Every claim of the report, checked once: the verdicts (checks.ts, checks-release.ts) and the one
// verification table built from them, each row with the evidence files behind it and its recipe.
// A figure appears in one row only (scenarios and spec coverage are one claim, not two).
import type { RunEvidence } from './evidence.js';
import type { ManifestFacts } from './facts.js';
import type { Check, VerificationRow } from './model.js';
import type { RecipeId } from './recipes.js';
import { resourceCheck, sastCheck, sbomCheck, scenarioChecks, specValidationCheck, unusable } from './checks.js';
import { approvalCheck, deployCheck, digestCheck, ledgerCheck, provenanceCheck, signatureCheck } from './checks-release.js';
import { EVIDENCE_FILE, LEDGER_PATH } from '../evidence/vocabulary.js';

export function runClaims(ev: RunEvidence, m: ManifestFacts) {
  const manifestProblem = unusable(ev.docs.manifest);
  const mode = m.mode;
  const sc = scenarioChecks(ev, mode);
  return {
    manifestProblem,
    validation: specValidationCheck(ev),
    scenarios: sc.scenarios,
    spec: sc.spec,
    code: sc.code,
    resources: resourceCheck(ev, mode),
    sbom: sbomCheck(ev),
    sast: sastCheck(ev, mode),
    digests: manifestProblem === undefined ? digestCheck(ev, m) : { status: 'fail' as const, detail: manifestProblem },
    signatures: signatureCheck(ev, mode),
    provenance: provenanceCheck(ev, mode),
    deployment: deployCheck(ev, m),
    chain: ledgerCheck(ev),
    approvals: approvalCheck(m, ev.approvals),
  };
}

export type RunClaims = ReturnType<typeof runClaims>;

const row = (metric: string, target: string, actual: string, c: Check, recipe: RecipeId, evidence: readonly string[]): VerificationRow => ({ metric, target, actual, status: c.status, detail: c.detail, recipe, evidence });

/** The scenario claim: the worse of "all passed" and "at or above the spec threshold". */
function scenarioClaim(c: RunClaims): Check {
  const order = ['fail', 'pending', 'warn', 'pass', 'na'] as const;
  const status = order.find((v) => c.scenarios.status === v || c.spec.status === v) ?? 'na';
  const detail = c.scenarios.detail === c.spec.detail ? c.spec.detail : `${c.scenarios.detail}; ${c.spec.detail}`;
  return { status, detail };
}

export function verificationRows(c: RunClaims, mode: string): VerificationRow[] {
  const compliance = mode === 'compliance';
  const v = c.validation;
  const s = c.scenarios;
  return [
    row('Spec validation', 'no errors', v.errors === null ? 'n/a' : `${v.errors} errors, ${v.warnings} warnings`, v, 'spec', [EVIDENCE_FILE.validation]),
    row('Scenarios passing', 'all, and ≥ spec threshold', s.passed === null ? 'n/a' : `${s.passed}/${s.total}`, scenarioClaim(c), 'scenarios', [EVIDENCE_FILE.coverage]),
    row('Code coverage', '≥ threshold', c.code.detail, c.code, 'scenarios', [EVIDENCE_FILE.coverage]),
    row('Resource compliance', 'within limits', c.resources.status === 'pass' ? 'within limits' : c.resources.detail, c.resources, 'budgets', [EVIDENCE_FILE.estimates, EVIDENCE_FILE.deploy]),
    row('SAST', compliance ? 'scan, 0 errors' : 'optional', c.sast.error === null ? 'n/a' : `${c.sast.error} errors`, c.sast, 'sast', [EVIDENCE_FILE.sarif]),
    row('SBOM', 'CycloneDX, components', c.sbom.components === null ? 'n/a' : `${c.sbom.components} components`, c.sbom, 'sbom', [EVIDENCE_FILE.sbom]),
    row('Evidence digests', 'all match', c.digests.status === 'pass' ? 'all match' : 'mismatch', c.digests, 'digests', [EVIDENCE_FILE.manifest]),
    row('Signature verification', compliance ? 'required' : 'if key', c.signatures.status === 'pass' ? 'valid' : c.signatures.status === 'pending' ? 'at end of run' : 'not verified', c.signatures, 'signatures', [`${EVIDENCE_FILE.manifest}.sig`, EVIDENCE_FILE.publicKey]),
    row('Provenance', 'signed in-toto', c.provenance.status === 'pass' ? 'valid' : c.provenance.status === 'pending' ? 'at end of run' : 'not verified', c.provenance, 'provenance', [EVIDENCE_FILE.provenance]),
    row('Deployment', 'healthy', c.deployment.status === 'na' ? 'not deployed' : c.deployment.detail, c.deployment, 'deploy', [EVIDENCE_FILE.deploy]),
    row('Audit chain', 'intact', c.chain.status === 'pass' ? 'intact' : 'broken or incomplete', c.chain, 'ledger', [LEDGER_PATH]),
    row('Approval', compliance ? 'signed by a listed approver, not the initiator' : 'not required', c.approvals.status === 'pass' ? 'signed' : c.approvals.status === 'na' ? 'n/a' : 'missing', c.approvals, 'approval', [EVIDENCE_FILE.manifest]),
  ];
}
