// Expected failures of the report and dashboard: a run that cannot be found or named safely.
import { ExitCode, SpecgateError, type ErrorDetails } from '../errors.js';

export type ReportErrorCode = 'RUN_NOT_FOUND' | 'RUN_AMBIGUOUS' | 'RUN_ID_INVALID' | 'REPORTS_NOT_FOUND' | 'MANIFEST_UNREADABLE';

export class ReportError extends SpecgateError<ReportErrorCode> {
  readonly domain = 'report';
  constructor(code: ReportErrorCode, message: string, details: ErrorDetails = {}) {
    super(code, message, ExitCode.usage, details);
  }
}

/** Run ids of DESIGN §2: UTC YYYYMMDDHHMMSS, optionally `-N` for runs started in the same second. */
export const RUN_ID = /^\d{14}(-[1-9]\d{0,3})?$/;
/** Feature SHAs of DESIGN §2: 12 lowercase hex characters. */
export const FEATURE_SHA = /^[0-9a-f]{12}$/;

/** Orders run ids chronologically: `…-10` after `…-9`. */
export function compareRunIds(a: string, b: string): number {
  const [ta = '', na = '1'] = a.split('-');
  const [tb = '', nb = '1'] = b.split('-');
  return ta === tb ? Number(na) - Number(nb) : ta < tb ? -1 : 1;
}
