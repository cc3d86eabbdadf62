// `specgate push [RUN…]`: publishes finished runs to the organisation's evidence store.
import { examples, printJson, type RegisterCommand } from '../context.js';

interface PushOptions {
  readonly store?: string;
  readonly project?: string;
  readonly json?: boolean;
}

export const registerPush: RegisterCommand = (program, ctx) => {
  program
    .command('push')
    .description(
      'publish runs to the evidence store: every file as a content-addressed blob, the run and its\n' +
        'checkpoints in one transaction. The store verifies digests and signatures against a key it\n' +
        'trusts for the project first; pushing the same run again is a no-op, another run under the\n' +
        'same id is refused (exit 1).',
    )
    .argument('[run...]', 'run folder, <feature-sha>/<run-id> or run id (default: every run that is not running)')
    .option('--store <url>', 'store URL (default: SPECGATE_STORE_URL, then `store:` in specgate.yaml)')
    .option('--project <name>', 'project name in the store (default: `name:` in specgate.yaml, else the folder name)')
    .option('--json', 'print one result per run as JSON')
    .addHelpText(
      'after',
      examples(
        ['specgate push', 'every finished run under reports/'],
        ['specgate push reports/005cc0262265/latest', 'one run folder'],
        ['SPECGATE_STORE_URL=postgres://ci@db/specgate specgate push 20250924140440', 'one run id, store from the environment'],
      ),
    )
    .action(async (runs: string[], options: PushOptions) => {
      const { openStoreSession } = await import('../compose-store.js');
      const { runFoldersToPush } = await import('../../app/store/locate.js');
      const { NodeFileSystem } = await import('../../adapters/node-fs.js');
      const { nodeEvidencePorts } = await import('../compose-evidence.js');
      const { pushRun, readLocalLedger } = await import('../../app/store/push.js');
      const session = await openStoreSession({ cwd: ctx.cwd, env: ctx.env, ...(options.store === undefined ? {} : { store: options.store }), ...(options.project === undefined ? {} : { project: options.project }) });
      const results = [];
      try {
        const folders = await runFoldersToPush({ fs: new NodeFileSystem(), evidence: nodeEvidencePorts }, session.reportsDir, ctx.cwd, runs);
        const ledger = folders.length === 0 ? undefined : await readLocalLedger(session.store.local, session.reportsDir);
        for (const runDir of folders) {
          const r = await pushRun(session.store, { project: session.project, reportsDir: session.reportsDir, runDir, ...(ledger === undefined ? {} : { ledger }) });
          results.push(r);
          if (!options.json) {
            const what = r.state === 'unchanged' ? 'already stored (no-op)' : `${r.state} revision ${r.revision}: ${r.files} files, ${r.blobsUploaded} new blobs (${r.bytesUploaded} bytes)`;
            ctx.stdout(`${r.project} ${r.featureSha}/${r.runId}: ${what}; central ledger ${r.centralLines} lines, head ${r.centralHead.slice(0, 16)}…\n`);
          }
        }
      } finally {
        await session.store.close();
      }
      if (options.json) printJson(ctx, { store: session.store.location.display, project: session.project, runs: results });
      else if (results.length === 0) ctx.stdout(`no finished runs under ${session.reportsDir}\n`);
    });
};
