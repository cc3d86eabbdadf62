// Expected failures of the spec preflight that are not findings: the spec set itself cannot be
// read or is empty. They stop the command with exit 2 (docs/contracts.md §8) and say what to do.
import { errorDomain, ExitCode } from '../errors.js';

export type SpecErrorCode = 'SPEC_PATH_NOT_FOUND' | 'SPEC_UNREADABLE' | 'SPEC_OUTSIDE_ROOT' | 'SPEC_NONE_FOUND';

export class SpecError extends errorDomain<SpecErrorCode>('spec', ExitCode.usage) {}
