// The registry of non-npm SBOM sources (npm, pnpm and yarn lockfiles are read by lockfile*.ts).
// Adding a format is adding a reader file and one line here.
import { goModulesReader } from './go.js';
import type { SbomSourceReader } from './model.js';
import { pipfileReader } from './pipfile.js';
import { poetryReader } from './poetry.js';
import { requirementsReader } from './requirements.js';
import { uvReader } from './uv.js';

export * from './model.js';
export { golangPurl, pypiName, pypiPurl } from './purl.js';

export const sbomSourceReaders: readonly SbomSourceReader[] = [poetryReader, uvReader, pipfileReader, requirementsReader, goModulesReader];
