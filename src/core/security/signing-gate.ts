// docs/contracts.md §6, "SBOM, signatures": sandbox produces unsigned evidence with a warning when no key is
// configured; compliance refuses to produce evidence nobody can verify.
import type { Mode } from '../config/schema.js';

export interface SigningGateDecision {
  readonly gate: 'signing';
  readonly outcome: 'pass' | 'warn' | 'fail';
  /** Sign the evidence (only when there is a key). */
  readonly sign: boolean;
  readonly reason: string;
}

export function decideSigningGate(mode: Mode, hasKey: boolean): SigningGateDecision {
  if (hasKey) return { gate: 'signing', outcome: 'pass', sign: true, reason: 'evidence signed with the configured key' };
  if (mode === 'compliance') {
    return {
      gate: 'signing',
      outcome: 'fail',
      sign: false,
      reason: 'compliance mode requires signed evidence but no signing key is configured (set SPECGATE_SIGNING_KEY or signing.key)',
    };
  }
  return {
    gate: 'signing',
    outcome: 'warn',
    sign: false,
    reason: 'no signing key configured: evidence is unsigned (set SPECGATE_SIGNING_KEY or signing.key to sign it)',
  };
}
