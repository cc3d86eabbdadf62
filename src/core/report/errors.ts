// Expected failures of the report and dashboard: a run that cannot be found or named safely.
import { ExitCode, SpecgateError, type ErrorDetails } from '../errors.js';

export type ReportErrorCode = 'RUN_NOT_FOUND' | 'RUN_AMBIGUOUS' | 'RUN_ID_INVALID' | 'REPORTS_NOT_FOUND' | 'MANIFEST_UNREADABLE';

export class ReportError extends SpecgateError<ReportErrorCode> {
  readonly domain = 'report';
  constructor(code: ReportErrorCode, message: string, details: ErrorDetails = {}) {
    super(code, message, ExitCode.usage, details);
  }
}

