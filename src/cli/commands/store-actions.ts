// The `--store` side of `specgate runs` and `specgate audit verify`: same commands, the
// organisation's store instead of this project's reports/ folder. Kept apart so the local
// commands stay as they were.
import { printJson, type CliContext } from '../context.js';

export interface StoreRunsOptions {
  readonly store?: string | true;
  readonly project?: string;
  readonly feature?: string;
  readonly status?: string;
  readonly mode?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: string;
  readonly after?: string;
  readonly serving?: boolean;
  readonly json?: boolean;
}

async function session(ctx: Pick<CliContext, 'cwd' | 'env'>, store: string | true | undefined, project: string | undefined) {
  const { openStoreSession } = await import('../compose-store.js');
  return openStoreSession({ cwd: ctx.cwd, env: ctx.env, ...(typeof store === 'string' ? { store } : {}), ...(project === undefined ? {} : { project }) });
}

/**
 * The store a listing reads. With an explicit `--store URL` no project is involved (the listing
 * spans every project), so specgate.yaml is not read and validated: that was a third of the
 * command's start-up (docs/store.md#benchmarks).
 */
async function listingStore(ctx: Pick<CliContext, 'cwd' | 'env'>, store: string | true | undefined) {
  if (typeof store !== 'string') return (await session(ctx, store, undefined)).store;
  const [{ requireStore, storeLocation }, { openStore }] = await Promise.all([import('../../app/store/open.js'), import('../compose-store.js')]);
  return openStore(requireStore(storeLocation({ flag: store, env: ctx.env, cwd: ctx.cwd, projectRoot: ctx.cwd })));
}

async function isoOption(name: string, value: string | undefined): Promise<string | undefined> {
  if (value === undefined) return undefined;
  const { UsageError } = await import('../../core/errors.js');
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) throw new UsageError('INVALID_ARGUMENT', `${name} '${value.slice(0, 40)}' is not a date`, { hint: 'use YYYY-MM-DD or an ISO 8601 time' });
  return new Date(ms).toISOString();
}

/** `specgate runs --store`: one page of runs across every project, newest first. */
export async function runsFromStore(ctx: Pick<CliContext, 'cwd' | 'env' | 'stdout'>, options: StoreRunsOptions): Promise<void> {
  const { UsageError } = await import('../../core/errors.js');
  const limit = Number(options.limit ?? '50');
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('INVALID_ARGUMENT', `--limit ${options.limit ?? ''} is not 1–1000`, { hint: 'page through more with --after <next>' });
  const s = { store: await listingStore(ctx, options.store) };
  try {
    if (options.serving) {
      const serving = await s.store.runs.serving(options.project);
      if (options.json) printJson(ctx, { store: s.store.location.display, serving });
      else for (const r of serving) ctx.stdout(`${r.project}  ${r.environment}  ${r.featureSha}/${r.runId}  ${r.status}  ${r.startedAt}\n`);
      return;
    }
    const from = await isoOption('--from', options.from);
    const to = await isoOption('--to', options.to);
    const page = await s.store.runs.listRuns({
      limit,
      ...(options.project === undefined ? {} : { project: options.project }),
      ...(options.feature === undefined ? {} : { featureSha: options.feature }),
      ...(options.status === undefined ? {} : { status: options.status }),
      ...(options.mode === undefined ? {} : { mode: options.mode }),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      ...(options.after === undefined ? {} : { after: options.after }),
    });
    if (options.json) {
      printJson(ctx, { store: s.store.location.display, ...page });
      return;
    }
    if (page.runs.length === 0) ctx.stdout(`no runs in ${s.store.location.display} match\n`);
    for (const r of page.runs) ctx.stdout(`${r.project}  ${r.featureSha}/${r.runId}  ${r.mode}  ${r.status}  ${r.startedAt}${r.environment === null ? '' : `  ${r.environment}${r.serving ? ' (served)' : ''}`}\n`);
    if (page.next !== undefined) ctx.stdout(`more: --after ${page.next}\n`);
  } finally {
    await s.store.close();
  }
}

/** `specgate audit verify --store`: the central chain, and this project's ledger against what it pushed. */
export async function auditVerifyStore(ctx: CliContext, options: { store?: string | true; project?: string }, json: boolean): Promise<void> {
  const { verifyCentralLedger, verifyProjectAgainstStore } = await import('../../app/store/audit.js');
  const { GENESIS_CHAIN } = await import('../../core/evidence/checkpoint.js');
  const s = await session(ctx, options.store, options.project);
  try {
    // Tuning knobs (and how the e2e tests reach the parallel path on a small chain).
    const central = await verifyCentralLedger(s.store.runs, () => performance.now(), {
      parallelFromLines: Number(ctx.env.SPECGATE_STORE_PARALLEL_LINES ?? 0) || 0,
      slices: Number(ctx.env.SPECGATE_STORE_VERIFY_SLICES ?? 0) || 0,
    });
    const hasLedger = (await s.store.local.firstLedgerChain(s.reportsDir)) !== GENESIS_CHAIN;
    const project = hasLedger ? await verifyProjectAgainstStore(s.store, s.project, s.reportsDir) : undefined;
    const ok = central.ok && (project?.ok ?? true);
    if (json) printJson(ctx, { ok, central, ...(project === undefined ? {} : { project }) });
    else {
      if (central.ok) ctx.stdout(`${central.store}: central ledger ok, ${central.lines} lines, chain intact (head ${central.headChain.slice(0, 16)}…), ${central.linesPerSecond} lines/s\n`);
      else ctx.stdout(`${central.store}: central ledger line ${central.firstBad?.line ?? '?'}: error LEDGER_${(central.firstBad?.reason ?? 'broken').toUpperCase().replace('-', '_')} ${central.firstBad?.message ?? ''}\n`);
      if (project !== undefined) {
        if (project.ok) ctx.stdout(`project ${project.project}: ledger matches the store (${project.headsChecked} pushed heads, ${project.checkpointsChecked} pushed checkpoints)\n`);
        for (const p of project.problems) ctx.stdout(`project ${project.project}: error STORE_LEDGER_BROKEN ${p}\n`);
      }
    }
    ctx.exitCode = ok ? 0 : 1;
  } finally {
    await s.store.close();
  }
}
