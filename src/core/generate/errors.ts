// Expected failures of generation and scenario runs. Every one names the file (and line) it is
// about and says what to do.
import { ExitCode, SpecgateError, type ErrorDetails } from '../errors.js';

export type GenerateErrorCode =
  | 'SPEC_UNPARSEABLE'
  | 'UNSAFE_OUTPUT_PATH'
  | 'OUTPUT_NOT_A_FILE'
  | 'EXTERNAL_GENERATOR_FAILED'
  | 'SCENARIO_RUN_FAILED'
  | 'SCENARIO_NO_TARGET';

export class GenerateError extends SpecgateError<GenerateErrorCode> {
  readonly domain = 'generate';
  constructor(code: GenerateErrorCode, message: string, details: ErrorDetails = {}) {
    super(code, message, code === 'SPEC_UNPARSEABLE' ? ExitCode.usage : ExitCode.failed, details);
  }
}
