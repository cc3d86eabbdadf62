// Expected failures of deploying to staging: one error class, a closed union of codes (docs/ARCHITECTURE.md).
import { errorDomain, ExitCode, type ExitCodeValue } from '../errors.js';

export type DeployErrorCode =
  | 'RELEASE_NOT_FOUND'
  | 'RELEASE_UNSAFE'
  | 'RELEASE_CORRUPT'
  | 'RUN_NOT_FOUND'
  | 'APPROVAL_MISSING'
  | 'COMMAND_MISSING'
  | 'PORT_IN_USE'
  | 'SUPERVISOR_FAILED'
  | 'NOTHING_TO_ROLL_BACK'
  | 'KUBECTL_FAILED'
  | 'IMAGE_MISSING'
  | 'IMAGE_NOT_PINNED'
  | 'DEPLOY_IN_PROGRESS'
  | 'ALREADY_SERVING';

const exitCodes: Record<DeployErrorCode, ExitCodeValue> = {
  RELEASE_NOT_FOUND: ExitCode.usage,
  RELEASE_UNSAFE: ExitCode.failed,
  RELEASE_CORRUPT: ExitCode.failed,
  RUN_NOT_FOUND: ExitCode.usage,
  APPROVAL_MISSING: ExitCode.blocked,
  COMMAND_MISSING: ExitCode.usage,
  PORT_IN_USE: ExitCode.failed,
  SUPERVISOR_FAILED: ExitCode.failed,
  NOTHING_TO_ROLL_BACK: ExitCode.failed,
  KUBECTL_FAILED: ExitCode.failed,
  IMAGE_MISSING: ExitCode.usage,
  IMAGE_NOT_PINNED: ExitCode.usage,
  DEPLOY_IN_PROGRESS: ExitCode.blocked,
  ALREADY_SERVING: ExitCode.failed,
};

export class DeployError extends errorDomain<DeployErrorCode>('deploy', (code) => exitCodes[code]) {}
