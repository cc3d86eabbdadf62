// Expected failures of the report and dashboard: a run that cannot be found or named safely.
import { errorDomain, ExitCode } from '../errors.js';

export type ReportErrorCode = 'RUN_NOT_FOUND' | 'RUN_AMBIGUOUS' | 'RUN_ID_INVALID' | 'REPORTS_NOT_FOUND' | 'MANIFEST_UNREADABLE';

export class ReportError extends errorDomain<ReportErrorCode>('report', ExitCode.usage) {}

