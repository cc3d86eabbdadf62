// Expected failures of building, reading or exporting a container image (STYLE.md §3).
import { errorDomain, ExitCode, type ExitCodeValue } from '../errors.js';

export type ImageErrorCode =
  | 'BASE_REFERENCE_INVALID'
  | 'BASE_NOT_FOUND'
  | 'BASE_UNSAFE_PATH'
  | 'BASE_CORRUPT'
  | 'BASE_TOO_LARGE'
  | 'IMAGE_NAME_INVALID'
  | 'IMAGE_NOT_BUILT'
  | 'EXPORT_TARGET_INVALID';

const exitCodes: Record<ImageErrorCode, ExitCodeValue> = {
  BASE_REFERENCE_INVALID: ExitCode.usage,
  BASE_NOT_FOUND: ExitCode.usage,
  BASE_UNSAFE_PATH: ExitCode.usage,
  BASE_CORRUPT: ExitCode.failed,
  BASE_TOO_LARGE: ExitCode.failed,
  IMAGE_NAME_INVALID: ExitCode.usage,
  IMAGE_NOT_BUILT: ExitCode.usage,
  EXPORT_TARGET_INVALID: ExitCode.usage,
};

export class ImageError extends errorDomain<ImageErrorCode>('image', (code) => exitCodes[code]) {}
