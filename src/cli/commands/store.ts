// `specgate store migrate|trust`: administering the organisation's evidence store (docs/store.md).
import { examples, printJson, type RegisterCommand } from '../context.js';

interface StoreOptions {
  readonly store?: string;
  readonly project?: string;
  readonly key?: string;
  readonly json?: boolean;
}

export const registerStore: RegisterCommand = (program, ctx) => {
  const store = program
    .command('store')
    .description('administer the evidence store shared by every project (PostgreSQL or a folder)')
    .addHelpText(
      'after',
      examples(
        ['specgate store migrate', 'create or upgrade the schema (run as the owner role)'],
        ['specgate store trust --key specgate.pub', 'trust this key to sign the project’s runs'],
      ),
    );

  store
    .command('migrate')
    .description('apply the versioned SQL migrations the store is missing (idempotent; as the schema owner)')
    .option('--store <url>', 'store URL (default: SPECGATE_STORE_URL, then `store:` in specgate.yaml)')
    .option('--json', 'print what was applied as JSON')
    .addHelpText('after', examples(['SPECGATE_STORE_URL=postgres://owner@db/specgate specgate store migrate', 'create the schema'], ['specgate store migrate --json', '{ store, from, to, applied }']))
    .action(async (options: StoreOptions) => {
      const { projectReports } = await import('../../app/evidence/reports-location.js');
      const { requireStore, storeLocation } = await import('../../app/store/open.js');
      const { migrateStore } = await import('../../app/store/migrate.js');
      const { project } = await projectReports(ctx.cwd);
      const location = requireStore(
        storeLocation({ ...(options.store === undefined ? {} : { flag: options.store }), env: ctx.env, ...(project.config.store === undefined ? {} : { configured: project.config.store }), cwd: ctx.cwd, projectRoot: project.root }),
      );
      const report = await migrateStore(location);
      if (options.json) printJson(ctx, report);
      else if (location.kind === 'file') ctx.stdout(`${report.store}: a file store has no schema to migrate\n`);
      else if (report.applied.length === 0) ctx.stdout(`${report.store}: schema version ${report.to}, up to date\n`);
      else ctx.stdout(`${report.store}: schema ${report.from} → ${report.to} (${report.applied.map((m) => `${m.version} ${m.name}`).join('; ')})\n`);
    });

  store
    .command('trust')
    .description('trust a public key to sign this project’s runs: pushes signed by any other key are refused')
    .requiredOption('--key <pub>', 'public key (SPKI PEM), e.g. specgate.pub from `specgate keys generate`')
    .option('--project <name>', 'project name in the store (default: `name:` in specgate.yaml, else the folder name)')
    .option('--store <url>', 'store URL (default: SPECGATE_STORE_URL, then `store:` in specgate.yaml)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', examples(['specgate store trust --key keys/specgate.pub', 'trust the project’s signing key'], ['specgate store trust --project payments --key ci.pub', 'for another project']))
    .action(async (options: StoreOptions & { key: string }) => {
      const path = await import('node:path');
      const { readFile } = await import('node:fs/promises');
      const { systemClock } = await import('../../adapters/clock.js');
      const { openStoreSession } = await import('../../app/store/session.js');
      const { fingerprint } = await import('../../core/security/signature.js');
      const { KeyError } = await import('../../core/security/errors.js');
      const pem = await readFile(path.resolve(ctx.cwd, options.key), 'utf8').catch((error: unknown) => {
        throw new KeyError('KEY_UNREADABLE', `cannot read the public key ${options.key}`, { path: options.key, cause: error, hint: 'check the path' });
      });
      const fp = fingerprint(pem);
      const session = await openStoreSession({ cwd: ctx.cwd, env: ctx.env, clock: systemClock, ...(options.store === undefined ? {} : { store: options.store }), ...(options.project === undefined ? {} : { project: options.project }) });
      try {
        await session.store.runs.trustKey(session.project, pem, fp);
      } finally {
        await session.store.close();
      }
      if (options.json) printJson(ctx, { project: session.project, fingerprint: fp, store: session.store.location.display });
      else ctx.stdout(`${session.store.location.display}: project ${session.project} trusts key ${fp}\n`);
    });
};
