// `specgate validate`'s work, shared by the start-up fast path (fast.ts) and the full CLI
// (commands/validate.ts), so both print the same findings, summary, JSON and exit code.
import * as path from 'node:path';
import { printJson } from './context.js';

export interface ValidateOptions {
  readonly mode?: 'sandbox' | 'compliance';
  readonly json?: boolean;
  readonly report?: string;
}

/** What validate needs of the CLI context. */
export interface ValidateContext {
  readonly cwd: string;
  readonly version: string;
  readonly signal: AbortSignal;
  readonly stdout: (text: string) => void;
}

/** Validates the spec set, prints the findings (or the JSON report) and returns the exit code. */
export async function runValidate(ctx: ValidateContext, paths: readonly string[], options: ValidateOptions): Promise<number> {
  const [{ NodeFileSystem }, { loadProject }, { validateSpecs }] = await Promise.all([
    import('../adapters/node-fs.js'),
    import('../app/project.js'),
    import('../app/spec/validate.js'),
  ]);
  const fs = new NodeFileSystem();
  const project = await loadProject(fs, ctx.cwd, options.mode);
  const specPaths = paths.length > 0 ? paths.map((p) => path.resolve(ctx.cwd, p)) : project.config.features;
  const { report } = await validateSpecs({ fs, root: project.root, paths: specPaths, mode: project.mode, toolVersion: ctx.version, signal: ctx.signal, retain: 'counts' });
  if (options.report !== undefined) await writeReport(fs, path.resolve(ctx.cwd, options.report), options.report, report);
  if (options.json) printJson(ctx, report);
  else {
    const { formatFinding, formatSummary } = await import('../core/spec/findings.js');
    // Paths relative to where the user stands, so editors and terminals can jump to them.
    const shown = (file: string): string => path.relative(ctx.cwd, path.join(project.root, file)).split(path.sep).join('/') || file;
    const lines = report.findings.map((f) => `${formatFinding(f, shown(f.file))}\n`);
    ctx.stdout(lines.join(''));
    ctx.stdout(`${formatSummary({ ...report.summary })}\n`);
  }
  return report.status === 'fail' ? 1 : 0;
}

interface ReportWriter {
  mkdirp(p: string): Promise<void>;
  writeAtomic(p: string, data: string): Promise<void>;
}

async function writeReport(fs: ReportWriter, target: string, given: string, report: unknown): Promise<void> {
  const { UsageError } = await import('../core/errors.js');
  try {
    await fs.mkdirp(path.dirname(target));
    await fs.writeAtomic(target, `${JSON.stringify(report, null, 2)}\n`);
  } catch (error) {
    throw new UsageError('INVALID_ARGUMENT', `cannot write the report to ${given}`, {
      path: given,
      cause: error,
      hint: 'pass a --report path in a writable folder',
    });
  }
}
