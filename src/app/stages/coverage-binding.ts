// Coverage bound to the run: the code-coverage gate may only read a file this run's test command
// wrote. Before the command, an existing coverage file is moved aside (a file left from an earlier
// run cannot be read back as this run's evidence); afterwards the file must exist and be no older
// than the moment the command started. The file read is copied into the run's evidence, so its
// digest is in the signed manifest. If the command wrote nothing, the moved-aside file is put back
// (specgate never destroys the user's files) and the gate says why it did not count.
import * as path from 'node:path';
import type { Mode } from '../../core/config/schema.js';
import type { GateDecision, StageContext } from '../pipeline/stage.js';

/** mtime granularity and clock skew between the file system and the process. */
const TOLERANCE_MS = 1000;

export interface CoverageBinding {
  readonly file: string;
  readonly absolute: string;
  readonly commandStartedAtMs: number;
  /** Where an existing (stale) coverage file was moved before the test command, if there was one. */
  readonly setAside?: string;
}

const failOrWarn = (mode: Mode): 'fail' | 'warn' => (mode === 'compliance' ? 'fail' : 'warn');

/** Call right before the test command runs. */
export async function setAsideCoverage(ctx: StageContext): Promise<CoverageBinding> {
  const file = ctx.config.coverage.file;
  const absolute = path.resolve(ctx.run.projectRoot, file);
  const base = { file, absolute, commandStartedAtMs: ctx.clock.now().getTime() };
  const info = await ctx.fs.lstat(absolute);
  if (info?.kind !== 'file') return base;
  const setAside = `${absolute}.specgate-previous`;
  await ctx.fs.rename(absolute, setAside);
  return { ...base, setAside };
}

/**
 * After the test command: undefined when the file is this run's, else the failing (compliance) or
 * warning (sandbox) gate decision that says why it does not count.
 */
export async function coverageFreshness(ctx: StageContext, binding: CoverageBinding): Promise<GateDecision | undefined> {
  const info = await ctx.fs.lstat(binding.absolute);
  const outcome = failOrWarn(ctx.run.mode);
  if (info?.kind !== 'file') {
    if (binding.setAside !== undefined) await ctx.fs.rename(binding.setAside, binding.absolute);
    const stale = binding.setAside === undefined ? '' : ` (the ${binding.file} found before the command was left from an earlier run and does not count; it was put back)`;
    return { gate: 'code coverage', outcome, reason: `the test command did not write ${binding.file}: no coverage produced by this run${stale}` };
  }
  if (binding.setAside !== undefined) await ctx.fs.remove(binding.setAside);
  if (info.mtimeMs < binding.commandStartedAtMs - TOLERANCE_MS) {
    return {
      gate: 'code coverage',
      outcome,
      reason: `${binding.file} is stale: last written ${new Date(info.mtimeMs).toISOString()}, before this run's test command started (${new Date(binding.commandStartedAtMs).toISOString()}); make the test command write it`,
    };
  }
  return undefined;
}

/** The evidence copy of the coverage file the gate read: `coverage/<name>`, digest in the manifest. */
export function coverageEvidenceName(file: string): string {
  const name = path.basename(file).replace(/[^A-Za-z0-9._+-]/g, '_').replace(/^[^A-Za-z0-9]/, 'c');
  return `coverage/${name}`;
}
