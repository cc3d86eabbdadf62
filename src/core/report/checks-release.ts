// The claims about the run as a release: its files match the manifest, the signatures and the
// provenance verify, it deployed healthy, the ledger chain holds, and it was approved when required.
import type { Check } from './model.js';
import type { ApprovalEvidence, RunEvidence } from './evidence.js';
import { deployFacts, type ManifestFacts } from './facts.js';
import { check, gateVerdict, notDue, pct, unusable } from './checks.js';
import { LEDGER_PATH } from '../evidence/vocabulary.js';
import { summarizeAnchorVerdict } from '../evidence/anchors.js';

export function digestCheck(ev: RunEvidence, m: ManifestFacts): Check {
  if (m.artifacts.length === 0) return check('fail', 'manifest.json lists no artifacts');
  const bad = ev.digests.filter((d) => d.status !== 'ok');
  if (bad.length > 0) return check('fail', bad.map((d) => `${d.path}: ${d.detail}`).join('; '));
  return check('pass', `${ev.digests.length} artifact(s) match the sha256 and size in manifest.json`);
}

export function signatureCheck(ev: RunEvidence, mode: string): Check {
  if (ev.phase === 'in-run') return check('pending', 'signed at end of run; verify with `specgate verify`');
  const s = ev.signatures;
  if (s.keySource === 'none') {
    return s.files.length === 0 ? check(gateVerdict(mode), 'run is unsigned (no signing key was configured)') : check('fail', 'signatures present but no public key to verify them (signing.pub missing; pass --key)');
  }
  const bad = s.files.filter((f) => f.status !== 'valid');
  const problems = bad.map((f) => `${f.path}: ${f.detail}`);
  if (s.manifestFingerprint !== undefined && s.fingerprint !== undefined && s.manifestFingerprint !== s.fingerprint) {
    problems.unshift(`public key fingerprint ${s.fingerprint.slice(0, 16)}… differs from the manifest's ${s.manifestFingerprint.slice(0, 16)}…`);
  }
  if (s.unexpected.length > 0) problems.push(`unexpected file(s): ${s.unexpected.join(', ')}`);
  if (problems.length > 0) return check('fail', problems.join('; '));
  const trust = s.keySource === 'given' ? 'the given key' : "the run's signing.pub (compare its fingerprint out of band)";
  return check('pass', `${s.files.length} signature(s) valid with ${trust}, key sha256 ${s.fingerprint?.slice(0, 16) ?? '?'}…`);
}

export function provenanceCheck(ev: RunEvidence, mode: string): Check {
  if (ev.phase === 'in-run') return check('pending', 'provenance is written and signed at end of run; verify with `specgate verify`');
  const p = ev.provenance;
  if (p.state === 'valid') return check('pass', p.detail);
  if (p.state === 'missing') return check(gateVerdict(mode), p.detail);
  return check('fail', p.detail);
}

export function deployCheck(ev: RunEvidence, m: ManifestFacts): Check & { attempts: number | null; retries: number | null; rolledBack: boolean | null; health: string } {
  const doc = ev.docs.deploy;
  const stage = m.stages.find((s) => s.name === 'deploy');
  const none = { attempts: null, retries: null, rolledBack: null, health: 'n/a' };
  const due = notDue(ev, doc);
  if (due !== undefined) return { ...check('pending', due), ...none };
  if (doc.state === 'missing') {
    if (stage === undefined || stage.status === 'skipped') return { ...check('na', `deploy did not run${stage ? `: ${stage.summary}` : ''}`), ...none };
    return { ...check('fail', `deploy ran (${stage.status}) but ${doc.file} is missing`), ...none };
  }
  const bad = unusable(doc);
  if (bad !== undefined) return { ...check('fail', bad), ...none };
  const d = deployFacts(doc.doc);
  const health = d.healthyFraction === null ? 'no health samples' : `${d.healthSamples} sample(s), ${pct(d.healthyFraction * 100)} healthy`;
  const base = { attempts: d.attempts, retries: Math.max(0, d.attempts - 1), rolledBack: d.rolledBack ?? null, health };
  if (d.succeeded === true) {
    const retried = d.attempts > 1 ? ` (${d.attempts - 1} retr${d.attempts === 2 ? 'y' : 'ies'} before it became healthy)` : '';
    return { ...check(d.attempts > 1 ? 'warn' : 'pass', `final state ${d.finalState} after ${d.attempts} attempt(s)${retried}`), ...base };
  }
  if (d.succeeded === false) return { ...check('fail', `final state ${d.finalState}${d.rolledBack ? ', rolled back to the previous release' : ''}`), ...base };
  return { ...check('fail', `${doc.file} has no recognisable final state`), ...base };
}

export function ledgerCheck(ev: RunEvidence): Check & { lines: number } {
  const l = ev.ledger;
  if (!l.present) return { ...check('fail', `${LEDGER_PATH} is missing`), lines: 0 };
  if (!l.ok) return { ...check('fail', `chain broken at line ${l.firstBad?.line ?? '?'}: ${l.firstBad?.reason ?? '?'}`), lines: l.lines };
  const anchorProblem = l.anchors?.problems[0];
  if (anchorProblem !== undefined) return { ...check('fail', `chain recomputes but does not match signed evidence: ${anchorProblem.message}`), lines: l.lines };
  if (l.checkpoints.length === 0) return { ...check('fail', `chain intact (${l.lines} lines) but this run has no checkpoints`), lines: l.lines };
  const anchored = l.anchors === undefined ? '' : `; ${summarizeAnchorVerdict(l.anchors)}`;
  return { ...check('pass', `chain intact over ${l.lines} line(s); ${l.checkpoints.length} checkpoint(s) for this run${anchored}`), lines: l.lines };
}

/**
 * In compliance only approvals verified now count: signed by a key listed under `approvers:`, for
 * this run's approval request, by someone other than the initiator. Unsigned names (older runs),
 * foreign signatures and approvals nobody could check are listed, never counted.
 */
export function approvalCheck(m: ManifestFacts, verdicts: ApprovalEvidence | undefined): Check {
  if (m.mode !== 'compliance') return check('na', 'not required in sandbox mode');
  if (m.approvals.some((a) => a.by === m.initiator)) return check('fail', `approved by the run's initiator ${m.initiator}, which does not count`);
  const entries = verdicts?.entries ?? m.approvals.map((a) => ({ ...a, state: 'unchecked' as const, detail: 'not checked' }));
  const counted = entries.filter((a) => a.state === 'verified' && a.by !== m.initiator);
  if (counted.length > 0) return check('pass', `approved by ${counted.map((a) => a.by).join(', ')} (signed by a listed approver)`);
  if (m.status === 'awaiting-approval') return check('pending', 'awaiting approval: `specgate approve RUN` or the dashboard');
  const deployed = m.stages.some((s) => s.name === 'deploy' && s.status !== 'skipped' && s.status !== 'blocked');
  if (entries.length > 0) {
    const why = entries.map((a) => `${a.by}: ${a.detail}`).join('; ');
    return check(deployed ? 'fail' : 'na', `no approval counts (only approvals signed by a key listed under approvers: do): ${why}`);
  }
  return check(deployed ? 'fail' : 'na', deployed ? 'deployed without a recorded approval' : 'no approval recorded (run did not reach deploy)');
}
