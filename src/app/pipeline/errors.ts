import { SpecgateError, type ErrorDetails } from '../../core/errors.js';

export class PipelineError extends SpecgateError<'LEDGER_BROKEN' | 'RESUME_INVALID' | 'NOT_RESUMABLE'> {
  readonly domain = 'pipeline';
  constructor(code: PipelineError['code'], message: string, exitCode: 2 | 3, details: ErrorDetails = {}) {
    super(code, message, exitCode, details);
  }
}
