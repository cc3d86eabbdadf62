// Expected failures of generation and scenario runs. Every one names the file (and line) it is
// about and says what to do.
import { errorDomain, ExitCode } from '../errors.js';

export type GenerateErrorCode =
  | 'SPEC_UNPARSEABLE'
  | 'UNSAFE_OUTPUT_PATH'
  | 'OUTPUT_NOT_A_FILE'
  | 'EXTERNAL_GENERATOR_FAILED'
  | 'SCENARIO_RUN_FAILED'
  | 'SCENARIO_NO_TARGET'
  | 'GENERATE_OUT_NOT_IMPORTABLE';

export class GenerateError extends errorDomain<GenerateErrorCode>('generate', (code) => code === 'SPEC_UNPARSEABLE' || code === 'GENERATE_OUT_NOT_IMPORTABLE' ? ExitCode.usage : ExitCode.failed) {}
