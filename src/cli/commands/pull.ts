// `specgate pull RUN`: restores a stored run as a folder `specgate verify` accepts byte for byte.
import { examples, printJson, type RegisterCommand } from '../context.js';

interface PullOptions {
  readonly store?: string;
  readonly project?: string;
  readonly into?: string;
  readonly json?: boolean;
}

export const registerPull: RegisterCommand = (program, ctx) => {
  program
    .command('pull')
    .description('restore a run from the evidence store (every blob re-hashed) into reports/<feature-sha>/<run-id>, or --into DIR')
    .argument('<run>', '<feature-sha>/<run-id>')
    .option('--project <name>', 'project name in the store (default: `name:` in specgate.yaml, else the folder name)')
    .option('--into <dir>', 'folder to create for the run (must not exist or be empty)')
    .option('--store <url>', 'store URL (default: SPECGATE_STORE_URL, then `store:` in specgate.yaml)')
    .option('--json', 'print the restored run as JSON')
    .addHelpText(
      'after',
      examples(
        ['specgate pull 005cc0262265/20250924140440', 'restore into reports/'],
        ['specgate pull 005cc0262265/20250924140440 --project payments --into /tmp/run && specgate verify /tmp/run --key payments.pub', 'audit another project’s run'],
      ),
    )
    .action(async (run: string, options: PullOptions) => {
      const path = await import('node:path');
      const { openStoreSession } = await import('../compose-store.js');
      const { pullRun } = await import('../../app/store/pull.js');
      const { isFeatureSha, isRunId } = await import('../../core/evidence/run-id.js');
      const { UsageError } = await import('../../core/errors.js');
      const [featureSha = '', runId = '', extra] = run.split('/');
      if (extra !== undefined || !isFeatureSha(featureSha) || !isRunId(runId)) {
        throw new UsageError('INVALID_ARGUMENT', `'${run.slice(0, 80)}' is not <feature-sha>/<run-id>`, { hint: 'take it from `specgate runs --store`' });
      }
      const session = await openStoreSession({ cwd: ctx.cwd, env: ctx.env, ...(options.store === undefined ? {} : { store: options.store }), ...(options.project === undefined ? {} : { project: options.project }) });
      const target = options.into === undefined ? path.join(session.reportsDir, featureSha, runId) : path.resolve(ctx.cwd, options.into);
      try {
        const pulled = await pullRun(session.store, { project: session.project, featureSha, runId }, target);
        if (options.json) printJson(ctx, { runDir: target, ...pulled });
        else ctx.stdout(`${session.project} ${featureSha}/${runId}: ${pulled.files.length} files restored into ${target}\n`);
      } finally {
        await session.store.close();
      }
    });
};
