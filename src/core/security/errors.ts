// Failure domains of the security evidence: one error class per domain with a closed union of
// codes (sigstore-js style), so the CLI, the runner and tests match on `code`, never on text.
import { errorDomain, ExitCode, type ExitCodeValue } from '../errors.js';

export type KeyErrorCode =
  | 'KEY_MISSING'
  | 'KEY_UNREADABLE'
  | 'KEY_INVALID'
  | 'KEY_PASSPHRASE'
  | 'KEY_EXISTS'
  | 'KEY_UNSUPPORTED';

/** A signing or public key could not be found, read or used: bad input, exit 2. */
export class KeyError extends errorDomain<KeyErrorCode>('key', ExitCode.usage) {}

export type VerificationErrorCode =
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_INVALID'
  | 'SIGNATURE_MALFORMED'
  | 'MANIFEST_MISSING'
  | 'MANIFEST_INVALID'
  | 'ARTIFACT_MISSING'
  | 'ARTIFACT_MODIFIED'
  | 'ARTIFACT_UNEXPECTED'
  | 'PROVENANCE_INVALID'
  | 'FINGERPRINT_MISMATCH'
  | 'RUN_IDENTITY_MISMATCH';

/** Evidence failed verification: a check failed, exit 1. */
export class VerificationError extends errorDomain<VerificationErrorCode>('verification', ExitCode.failed) {}

export type SbomErrorCode = 'LOCKFILE_MISSING' | 'LOCKFILE_UNSUPPORTED' | 'LOCKFILE_INVALID';

/** The project's dependencies could not be read into an SBOM: bad input, exit 2. */
export class SbomError extends errorDomain<SbomErrorCode>('sbom', ExitCode.usage) {}

export type ApprovalErrorCode =
  | 'NOT_AWAITING_APPROVAL'
  | 'ALREADY_APPROVED'
  | 'SIGNATURE_REQUIRED'
  | 'APPROVERS_MISSING'
  | 'SELF_APPROVAL'
  | 'APPROVAL_UNSIGNED'
  | 'APPROVAL_MALFORMED'
  | 'APPROVAL_FORGED'
  | 'APPROVAL_UNLISTED'
  | 'APPROVAL_BY_INITIATOR'
  | 'APPROVAL_REPLAYED';

const approvalExitCodes: Readonly<Record<ApprovalErrorCode, ExitCodeValue>> = {
  // Recording an approval: asking for the wrong run or leaving out the signature is bad usage (2);
  // approving your own run is the four-eyes gate failing (1).
  NOT_AWAITING_APPROVAL: ExitCode.usage,
  ALREADY_APPROVED: ExitCode.usage,
  SIGNATURE_REQUIRED: ExitCode.usage,
  APPROVERS_MISSING: ExitCode.usage,
  SELF_APPROVAL: ExitCode.failed,
  // Checking a recorded approval: it is not acceptable evidence, so the run stays blocked (3).
  APPROVAL_UNSIGNED: ExitCode.blocked,
  APPROVAL_MALFORMED: ExitCode.blocked,
  APPROVAL_FORGED: ExitCode.blocked,
  APPROVAL_UNLISTED: ExitCode.blocked,
  APPROVAL_BY_INITIATOR: ExitCode.blocked,
  APPROVAL_REPLAYED: ExitCode.blocked,
};

/** The approval domain: recording a four-eyes approval, and checking a recorded one. */
export class ApprovalError extends errorDomain<ApprovalErrorCode>('approval', (code) => approvalExitCodes[code]) {}
