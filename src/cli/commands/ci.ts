// `specgate ci github`: exports the pipeline as a reusable GitHub Actions workflow, one job per
// stage group, so teams run the same CLI and keep the same evidence on many runners.
import { examples, printJson, type RegisterCommand } from '../context.js';

interface CiGithubOptions {
  out?: string;
  json?: boolean;
  specgate?: string;
}

export const registerCi: RegisterCommand = (program, ctx) => {
  const ci = program
    .command('ci')
    .description('export the pipeline to a CI system')
    .addHelpText(
      'after',
      examples(
        ['specgate ci github --out .github/workflows/specgate.yml', 'a reusable GitHub Actions workflow'],
        ['specgate ci github --json', 'the workflow as JSON on stdout'],
      ),
    )
    .action(async () => {
      const { UsageError } = await import('../../core/errors.js');
      throw new UsageError('MISSING_ARGUMENT', 'name the CI system to export to', { hint: 'specgate ci github (see specgate ci --help)' });
    });
  ci.command('github')
    .description('write a reusable GitHub Actions workflow (workflow_call + workflow_dispatch, input `mode`)')
    .option('--out <file>', 'where to write it; - prints it (default: .github/workflows/specgate.yml at the repository root)')
    .option('--specgate <spec>', 'the pinned specgate the jobs install: specgate@<exact version> (default: this version), a tarball from `npm pack` inside the project, or git+https://…#<commit sha>')
    .option('--json', 'print what was written as JSON')
    .addHelpText(
      'after',
      examples(
        ['specgate ci github', 'write .github/workflows/specgate.yml'],
        ['specgate ci github --specgate vendor/specgate-0.1.0.tgz', 'jobs install the tarball committed in vendor/'],
        ['specgate ci github --out -', 'print the workflow'],
        ['specgate ci github --out .github/workflows/delivery.yml --json', 'custom name, machine-readable summary'],
      ),
    )
    .action(async (options: CiGithubOptions) => {
      const { NodeFileSystem } = await import('../../adapters/node-fs.js');
      const { loadProject } = await import('../../app/project.js');
      const { exportGithubWorkflow } = await import('../compose-branch.js');
      const fs = new NodeFileSystem();
      const project = await loadProject(fs, ctx.cwd);
      const exported = await exportGithubWorkflow({
        fs,
        projectRoot: project.root,
        reportsDir: project.config.reports,
        cwd: ctx.cwd,
        version: ctx.version,
        ...(options.out !== undefined ? { out: options.out } : {}),
        ...(options.specgate !== undefined ? { specgate: options.specgate } : {}),
      });
      if (options.json) {
        const { content, ...summary } = exported;
        printJson(ctx, options.out === '-' ? { ...summary, content } : summary);
        return;
      }
      if (exported.path === undefined) {
        ctx.stdout(exported.content);
        return;
      }
      ctx.stdout(
        `wrote ${exported.path}\n` +
          exported.jobs.map((j) => `  job ${j.id.padEnd(9)} ${j.stages.join(' + ')}${j.needs.length > 0 ? `  (needs ${j.needs.join(', ')})` : ''}`).join('\n') +
          `\ncall it with: uses: ./.github/workflows/${exported.path.split('/').pop() ?? 'specgate.yml'}  with: { mode: compliance }  secrets: inherit\n`,
      );
    });
};
