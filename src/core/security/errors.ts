// Failure domains of the security evidence: one error class per domain with a closed union of
// codes (sigstore-js style), so the CLI, the runner and tests match on `code`, never on text.
import { ExitCode, SpecgateError, type ErrorDetails } from '../errors.js';

export type KeyErrorCode =
  | 'KEY_MISSING'
  | 'KEY_UNREADABLE'
  | 'KEY_INVALID'
  | 'KEY_PASSPHRASE'
  | 'KEY_EXISTS'
  | 'KEY_UNSUPPORTED';

/** A signing or public key could not be found, read or used: bad input, exit 2. */
export class KeyError extends SpecgateError<KeyErrorCode> {
  readonly domain = 'key';
  constructor(code: KeyErrorCode, message: string, details: ErrorDetails = {}) {
    super(code, message, ExitCode.usage, details);
  }
}

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
  | 'FINGERPRINT_MISMATCH';

/** Evidence failed verification: a check failed, exit 1. */
export class VerificationError extends SpecgateError<VerificationErrorCode> {
  readonly domain = 'verification';
  constructor(code: VerificationErrorCode, message: string, details: ErrorDetails = {}) {
    super(code, message, ExitCode.failed, details);
  }
}

export type SbomErrorCode = 'LOCKFILE_MISSING' | 'LOCKFILE_UNSUPPORTED' | 'LOCKFILE_INVALID';

/** The project's dependencies could not be read into an SBOM: bad input, exit 2. */
export class SbomError extends SpecgateError<SbomErrorCode> {
  readonly domain = 'sbom';
  constructor(code: SbomErrorCode, message: string, details: ErrorDetails = {}) {
    super(code, message, ExitCode.usage, details);
  }
}

export type ApprovalErrorCode =
  | 'APPROVAL_MALFORMED'
  | 'APPROVAL_FORGED'
  | 'APPROVAL_UNLISTED'
  | 'APPROVAL_BY_INITIATOR'
  | 'APPROVAL_REPLAYED';

/** An approval is not acceptable evidence: the run stays blocked until a valid one exists (exit 3). */
export class ApprovalError extends SpecgateError<ApprovalErrorCode> {
  readonly domain = 'approval';
  constructor(code: ApprovalErrorCode, message: string, details: ErrorDetails = {}) {
    super(code, message, ExitCode.blocked, details);
  }
}

export type SastErrorCode = 'SARIF_UNREADABLE' | 'SARIF_INVALID' | 'SCAN_FAILED';

/** A SAST input could not be read or the built-in scan could not run: exit 2. */
export class SastError extends SpecgateError<SastErrorCode> {
  readonly domain = 'sast';
  constructor(code: SastErrorCode, message: string, details: ErrorDetails = {}) {
    super(code, message, ExitCode.usage, details);
  }
}
