// The work behind `specgate report`, loaded only when the command runs: find the run, verify it now,
// render it with links to its evidence (relative to where the report is written), write it.
import * as path from 'node:path';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { systemClock } from '../../adapters/clock.js';
import { UsageError } from '../../core/errors.js';
import { loadProject } from '../../app/project.js';
import { resolveRun } from '../../app/report/runs.js';
import { reportForRun } from '../../app/report/gather.js';
import { trustedPublicKey } from '../../app/evidence/ledger-audit.js';
import { renderMarkdown } from '../../core/report/markdown.js';
import { renderHtml } from '../../core/report/html.js';
import { runFolderLinks } from '../../core/report/document.js';
import type { ExecutiveReport } from '../../core/report/model.js';
import type { CliContext } from '../context.js';

/** What the report needs of the CLI context (the start-up fast path passes just this). */
type ReportContext = Pick<CliContext, 'cwd' | 'stdout' | 'stderr' | 'exitCode'>;
import { describeRun, runByRole } from '../run-target.js';
import type { ReportOptions } from './report.js';

function trendSizeOf(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new UsageError('INVALID_ARGUMENT', `--trend ${value} is not a whole number from 1 to 100`, { hint: 'e.g. --trend 10' });
  return n;
}

/** Evidence links work from where the report lands: the run folder by default, else relative to --out. */
function linksFor(ctx: ReportContext, runDir: string, out: string | undefined) {
  if (out === undefined) return runFolderLinks(`${path.relative(ctx.cwd, runDir).split(path.sep).join('/')}/`);
  const rel = path.relative(path.dirname(path.resolve(ctx.cwd, out)), runDir).split(path.sep).join('/');
  return runFolderLinks(rel === '' ? '' : `${rel}/`);
}

function render(report: ExecutiveReport, options: ReportOptions, links: ReturnType<typeof runFolderLinks>): string {
  if (options.json === true || options.format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return options.format === 'html' ? renderHtml(report, links) : renderMarkdown(report, links);
}

async function write(ctx: ReportContext, fs: NodeFileSystem, out: string, text: string, status: string): Promise<void> {
  const file = path.resolve(ctx.cwd, out);
  if ((await fs.stat(path.dirname(file)))?.kind !== 'directory') throw new UsageError('PATH_NOT_FOUND', `folder of --out ${out} does not exist`, { path: out, hint: 'create the folder first' });
  await fs.writeAtomic(file, text);
  ctx.stderr(`wrote ${out} (${status})\n`);
}

export async function reportAction(ctx: ReportContext, run: string, options: ReportOptions): Promise<void> {
  const fs = new NodeFileSystem();
  const trendSize = trendSizeOf(options.trend);
  const project = await loadProject(fs, ctx.cwd);
  const reportsDir = path.resolve(options.reports === undefined ? project.root : ctx.cwd, options.reports ?? project.config.reports);
  const publicKeyPem = await trustedPublicKey(fs, { cwd: ctx.cwd, root: project.root, ...(options.key === undefined ? {} : { keyFlag: options.key }), ...(project.config.signing.publicKey === undefined ? {} : { configured: project.config.signing.publicKey }) });
  const target = await runByRole(run, options.feature, project.root, 'report');
  const ref = await resolveRun(fs, reportsDir, target.run, target.feature);
  // Say which run this is: `latest` and the deployed release are often different runs.
  ctx.stderr(describeRun('report', ref, target));
  const { approvalCheckPort } = await import('../compose-evidence.js');
  const approvals = await approvalCheckPort(project);
  const report = await reportForRun({ fs, clock: systemClock, reportsDir, runDir: ref.runDir, project: project.config.name ?? path.basename(project.root), trendSize, approvals, ...(publicKeyPem === undefined ? {} : { publicKeyPem }) });
  const text = render(report, options, linksFor(ctx, ref.runDir, options.out));
  if (options.out === undefined) ctx.stdout(text);
  else await write(ctx, fs, options.out, text, report.overall.status);
  ctx.exitCode = report.overall.status === 'fail' ? 1 : 0;
}
