// `specgate branch`: shows the spec branch of the current spec set (docs/contracts.md §2) locally and on
// the remote, and with --create publishes it from HEAD through the same function the generate
// stage uses, so what a user sees here is exactly what a run would do.
import { Option } from 'commander';
import { examples, printJson, type CliContext, type RegisterCommand } from '../context.js';
import type { Project } from '../../app/project.js';
import type { SpecBranchStatus } from '../../app/branch/survey.js';

interface BranchOptions {
  create?: boolean;
  mode?: 'sandbox' | 'compliance';
  remote?: string | false;
  push?: boolean;
  message?: string;
  json?: boolean;
}

interface BranchTarget {
  readonly project: Project;
  readonly featureSha: string;
  readonly specFiles: number;
  /** Remote to compare against: a name, null for none, undefined for the default. */
  readonly remote: string | null | undefined;
}

/** `--create`: publish the spec branch from HEAD through the generate stage's own function. */
async function createBranch(ctx: CliContext, options: BranchOptions, target: BranchTarget): Promise<void> {
  const { publishSpecBranch } = await import('../compose-branch.js');
  const { project, featureSha } = target;
  const result = await publishSpecBranch({
    repoRoot: project.root,
    featureSha,
    mode: project.mode,
    remote: target.remote,
    populate: () => Promise.resolve(),
    specPaths: project.config.features,
    push: options.push === true,
    signal: ctx.signal,
    ...(options.message !== undefined ? { message: options.message } : {}),
  });
  if (options.json) printJson(ctx, { featureSha, mode: project.mode, ...result });
  else {
    const what = { created: 'created', reused: 'reused (identical content)', variant: `created variant of ${result.variantOf ?? ''}` }[result.outcome];
    ctx.stdout(
      `${result.branch}: ${what}\n` +
        `  commit ${result.commit}\n  tree   ${result.tree}\n  base   ${result.baseCommit}\n` +
        (result.pushed ? `  pushed to ${result.remote ?? ''}\n` : ''),
    );
  }
  for (const warning of result.warnings) ctx.stderr(`specgate: warning: ${warning}\n`);
}

/** The human view of the spec branch: where it exists locally and on the remote. */
function statusLines(status: SpecBranchStatus, specFiles: number): string[] {
  const lines = [`feature SHA  ${status.featureSha} (${specFiles} spec file${specFiles === 1 ? '' : 's'})`, `spec branch  ${status.branch}`];
  if (status.branches.length === 0) lines.push(`  not created yet (specgate branch --create, or a pipeline run, creates it)`);
  for (const b of status.branches) {
    lines.push(`  ${b.name}`);
    lines.push(`    local   ${b.local ?? '-'}`);
    if (status.remote !== undefined) lines.push(`    ${status.remote.padEnd(7)} ${b.remote ?? (status.remoteError ? '?' : '-')}`);
  }
  if (status.remote === undefined) lines.push('  (no remote compared)');
  if (status.remoteError !== undefined) lines.push(`  remote ${status.remote ?? ''} unreachable: showing local branches only`);
  return lines;
}

async function showBranch(ctx: CliContext, options: BranchOptions, target: BranchTarget): Promise<void> {
  const { inspectSpecBranch } = await import('../compose-branch.js');
  const status = await inspectSpecBranch({ repoRoot: target.project.root, featureSha: target.featureSha, remote: target.remote, signal: ctx.signal });
  if (options.json) {
    printJson(ctx, { ...status, specFiles: target.specFiles });
    return;
  }
  if (status.remoteError !== undefined) ctx.stderr(`specgate: warning: ${status.remoteError}\n`);
  ctx.stdout(`${statusLines(status, target.specFiles).join('\n')}\n`);
}

async function branchAction(ctx: CliContext, options: BranchOptions): Promise<void> {
  const { NodeFileSystem } = await import('../../adapters/node-fs.js');
  const { loadProject } = await import('../../app/project.js');
  const { identifySpecs } = await import('../../app/spec/identify.js');
  const { UsageError } = await import('../../core/errors.js');
  if ((options.push || options.message !== undefined) && !options.create) {
    throw new UsageError('INVALID_ARGUMENT', '--push and --message only apply with --create', { hint: 'add --create' });
  }
  const fs = new NodeFileSystem();
  const project = await loadProject(fs, ctx.cwd, options.mode);
  // One definition of the spec set and its feature SHA: the same as `specgate id`.
  const specs = await identifySpecs(fs, project.root, project.config.features);
  const target = { project, featureSha: specs.featureSha, specFiles: specs.files.length, remote: options.remote === false ? null : options.remote };
  await (options.create ? createBranch(ctx, options, target) : showBranch(ctx, options, target));
}

export const registerBranch: RegisterCommand = (program, ctx) => {
  program
    .command('branch')
    .description('show (or --create) the spec branch auto/spec-implementation/<feature-sha> for the current specs')
    .option('--create', 'publish the spec branch from the current HEAD (never touches your working copy or index)')
    .addOption(new Option('--mode <mode>', 'mode for the conflict rule: compliance blocks, sandbox takes -vN').choices(['sandbox', 'compliance']))
    .option('--remote <name>', "remote to compare against (default: 'origin' when configured)")
    .option('--no-remote', 'compare against local branches only')
    .option('--push', 'with --create: push the branch to the remote')
    .option('-m, --message <text>', 'with --create: commit message (feature SHA trailers are always added)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples(
        ['specgate branch', 'name of the spec branch and where it exists'],
        ['specgate branch --create', 'publish it from HEAD (reused if identical)'],
        ['specgate branch --create --mode compliance', 'exit 3 if it exists with other content'],
        ['specgate branch --create --push --remote upstream', 'also push it'],
        ['specgate branch --json --no-remote', 'offline, machine-readable'],
      ),
    )
    .action((options: BranchOptions) => branchAction(ctx, options));
};
