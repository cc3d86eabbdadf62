// `specgate store migrate|trust`: administering the organisation's evidence store (docs/store.md).
import { examples, printJson, type CliContext, type RegisterCommand } from '../context.js';

interface StoreOptions {
  readonly store?: string;
  readonly keep?: string;
  readonly olderThan?: string;
  readonly dryRun?: boolean;
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
    .action((options: StoreOptions) => migrateAction(ctx, options));

  store
    .command('trust')
    .description('trust a public key to sign this project’s runs: pushes signed by any other key are refused')
    .requiredOption('--key <pub>', 'public key (SPKI PEM), e.g. specgate.pub from `specgate keys generate`')
    .option('--project <name>', 'project name in the store (default: `name:` in specgate.yaml, else the folder name)')
    .option('--store <url>', 'store URL (default: SPECGATE_STORE_URL, then `store:` in specgate.yaml)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', examples(['specgate store trust --key keys/specgate.pub', 'trust the project’s signing key'], ['specgate store trust --project payments --key ci.pub', 'for another project']))
    .action((options: StoreOptions & { key: string }) => trustAction(ctx, options));

  store
    .command('archive')
    .description('apply the retention policy in the store: runs past it leave the listings; nothing is deleted (docs/store.md)')
    .option('--keep <n>', 'runs kept per project and feature SHA (default: retention.keep from specgate.yaml)')
    .option('--older-than <days>', 'also archive runs started more than this many days ago (the newest per feature stays)')
    .option('--project <name>', 'only this project (default: every project)')
    .option('--dry-run', 'print what would be archived, archive nothing')
    .option('--store <url>', 'store URL (default: SPECGATE_STORE_URL, then `store:` in specgate.yaml)')
    .option('--json', 'print the archived runs as JSON')
    .addHelpText('after', examples(['specgate store archive --keep 50 --dry-run', 'what the policy would hide'], ['specgate store archive --older-than 400 --json', 'archive runs older than 400 days']))
    .action((options: StoreOptions) => archiveAction(ctx, options));
};

/** `store migrate`: the versioned SQL migrations the store is missing. */
async function migrateAction(ctx: CliContext, options: StoreOptions): Promise<void> {
  const { projectReports } = await import('../compose-evidence.js');
  const { requireStore, storeLocation } = await import('../../app/store/open.js');
  const { migrateStore } = await import('../compose-store.js');
  const { project } = await projectReports(ctx.cwd);
  const location = requireStore(
    storeLocation({ ...(options.store === undefined ? {} : { flag: options.store }), env: ctx.env, ...(project.config.store === undefined ? {} : { configured: project.config.store }), cwd: ctx.cwd, projectRoot: project.root }),
  );
  const report = await migrateStore(location);
  if (options.json) printJson(ctx, report);
  else if (location.kind === 'file') ctx.stdout(`${report.store}: a file store has no schema to migrate\n`);
  else if (report.applied.length === 0) ctx.stdout(`${report.store}: schema version ${report.to}, up to date\n`);
  else ctx.stdout(`${report.store}: schema ${report.from} → ${report.to} (${report.applied.map((m) => `${m.version} ${m.name}`).join('; ')})\n`);
}

/** `store trust`: this key may sign the project's runs. */
async function trustAction(ctx: CliContext, options: StoreOptions & { key: string }): Promise<void> {
  const path = await import('node:path');
  const { readFile } = await import('node:fs/promises');
  const { openStoreSession } = await import('../compose-store.js');
  const { fingerprint } = await import('../../core/security/signature.js');
  const { KeyError } = await import('../../core/security/errors.js');
  const pem = await readFile(path.resolve(ctx.cwd, options.key), 'utf8').catch((error: unknown) => {
    throw new KeyError('KEY_UNREADABLE', `cannot read the public key ${options.key}`, { path: options.key, cause: error, hint: 'check the path' });
  });
  const fp = fingerprint(pem);
  const session = await openStoreSession({ cwd: ctx.cwd, env: ctx.env, ...(options.store === undefined ? {} : { store: options.store }), ...(options.project === undefined ? {} : { project: options.project }) });
  try {
    await session.store.runs.trustKey(session.project, pem, fp);
  } finally {
    await session.store.close();
  }
  if (options.json) printJson(ctx, { project: session.project, fingerprint: fp, store: session.store.location.display });
  else ctx.stdout(`${session.store.location.display}: project ${session.project} trusts key ${fp}\n`);
}

/** `store archive`: the retention policy applied in the store (archives, never deletes). */
async function archiveAction(ctx: CliContext, options: StoreOptions): Promise<void> {
  const { systemClock } = await import('../../adapters/clock.js');
  const { openStoreSession } = await import('../compose-store.js');
  const { projectReports } = await import('../compose-evidence.js');
  const { UsageError } = await import('../../core/errors.js');
  const count = (name: string, value: string | undefined, min: number): number | undefined => {
    if (value === undefined) return undefined;
    if (!/^\d{1,6}$/.test(value) || Number(value) < min) throw new UsageError('INVALID_ARGUMENT', `${name} ${value.slice(0, 20)} is not a whole number ≥ ${min}`, { hint: `e.g. ${name} 30` });
    return Number(value);
  };
  const { project } = await projectReports(ctx.cwd);
  const keep = count('--keep', options.keep, 1) ?? project.config.retention.keep;
  const days = count('--older-than', options.olderThan, 0) ?? project.config.retention.olderThanDays;
  const olderThan = days === undefined ? undefined : new Date(systemClock.now().getTime() - days * 86_400_000).toISOString();
  const session = await openStoreSession({ cwd: ctx.cwd, env: ctx.env, ...(options.store === undefined ? {} : { store: options.store }) });
  try {
    const runs = await session.store.runs.archiveRuns({ keep, ...(olderThan === undefined ? {} : { olderThan }), ...(options.project === undefined ? {} : { project: options.project }), dryRun: options.dryRun === true });
    if (options.json) printJson(ctx, { store: session.store.location.display, dryRun: options.dryRun === true, keep, olderThan: olderThan ?? null, runs });
    else {
      for (const r of runs) ctx.stdout(`${options.dryRun ? 'would archive' : 'archived'} ${r.project} ${r.featureSha}/${r.runId}\n`);
      ctx.stdout(`${runs.length} run(s) ${options.dryRun ? 'would be ' : ''}archived in ${session.store.location.display}\n`);
    }
  } finally {
    await session.store.close();
  }
}
