// Expected failures of the evidence domain: the reports folder, run directories, manifests, the
// `latest` link and the ledger. Each names the path and says what to do (docs/ARCHITECTURE.md).
import { errorDomain, ExitCode } from '../errors.js';

export type EvidenceErrorCode =
  | 'REPORTS_NOT_DIRECTORY'
  | 'REPORTS_UNWRITABLE'
  | 'FEATURE_SHA_INVALID'
  | 'RUN_ID_INVALID'
  | 'RUN_NOT_FOUND'
  | 'RUN_NOT_FINISHED'
  | 'RUN_ALREADY_FINISHED'
  | 'ARTIFACT_NAME_INVALID'
  | 'MANIFEST_INVALID'
  | 'LATEST_INVALID'
  | 'ARCHIVE_CONFLICT'
  | 'CHECKPOINT_INVALID'
  | 'LEDGER_CORRUPT'
  | 'LEDGER_HEAD_INVALID'
  | 'LEDGER_LOCK_TIMEOUT';

/** Codes that mean "the evidence itself cannot be trusted": blocked (docs/contracts.md §8), not bad usage. */
const BLOCKING: ReadonlySet<EvidenceErrorCode> = new Set(['LEDGER_CORRUPT']);
/** Codes that are a failure of the environment while the input was fine. */
const FAILING: ReadonlySet<EvidenceErrorCode> = new Set(['LEDGER_LOCK_TIMEOUT']);

export class EvidenceError extends errorDomain<EvidenceErrorCode>('evidence', (code) => BLOCKING.has(code) ? ExitCode.blocked : FAILING.has(code) ? ExitCode.failed : ExitCode.usage) {}
