// `specgate audit`: the checkpoints of the hash-chained ledger, filtered; `specgate audit verify`
// recomputes the chain and names the first bad line.
import { Option, type Command } from 'commander';
import * as path from 'node:path';
import { examples, printJson, type CliContext, type RegisterCommand } from '../context.js';
import { LEDGER_STAGES } from '../../core/evidence/vocabulary.js';
import type { LedgerAudit } from '../../app/evidence/ledger-audit.js';

interface VerifyOptions {
  json?: boolean;
  expectHead?: string;
  key?: string;
  store?: string | true;
  project?: string;
}

interface AuditOptions {
  feature?: string;
  run?: string;
  stage?: string;
  json?: boolean;
}


export const registerAudit: RegisterCommand = (program, ctx) => {
  const audit = program
    .command('audit')
    .description('show checkpoints from the audit ledger reports/audit/checkpoints.log')
    .option('--feature <sha>', 'only checkpoints of this feature SHA')
    .option('--run <id>', 'only checkpoints of this run id')
    .addOption(new Option('--stage <stage>', 'only checkpoints of this stage').choices(LEDGER_STAGES))
    .option('--json', 'print the checkpoints as JSON')
    .addHelpText(
      'after',
      examples(
        ['specgate audit', 'every checkpoint, oldest first'],
        ['specgate audit --run 20250924140440', 'one run'],
        ['specgate audit --stage deploy --json', 'deploy checkpoints, machine-readable'],
        ['specgate audit verify', 'recompute the hash chain (exit 1 names the first bad line)'],
      ),
    )
    .action((options: AuditOptions) => auditList(ctx, options));

  audit
    .command('verify')
    .description('recompute the ledger hash chain and check it against every finished run\'s signed anchors and the signed ledger heads; exit 0 when intact, 1 naming the first bad line and why')
    .option('--key <pub>', 'trusted public key (SPKI PEM) that signed the runs; default: signing.publicKey from specgate.yaml, else each run\'s own signing.pub')
    .option('--expect-head <chain>', 'also require this earlier head chain to be in the ledger (detects lines cut from the end)')
    .option('--json', 'print the result as JSON')
    .option('--store [url]', 'verify the organisation’s central ledger in the evidence store, and this project’s ledger against what it pushed')
    .option('--project <name>', 'with --store: the project name in the store (default: `name:` in specgate.yaml, else the folder name)')
    .addHelpText(
      'after',
      examples(
        ['specgate audit verify', 'chain, run anchors and heads — or the first bad line'],
        ['specgate audit verify --key specgate.pub', 'anchors and heads must be signed by this key (a re-signed rewrite fails)'],
        ['specgate audit verify --store', 'central chain + this project’s ledger vs its pushes'],
        ['specgate audit verify --json', '{ ok, lines, headChain, firstBad?, anchors: { ok, runs, heads, problems } }'],
        ['specgate audit verify --expect-head "$(cat ledger-head.txt)"', 'fail if lines were cut since that head was saved'],
      ),
    )
    .action((options: VerifyOptions, cmd: Command) => auditVerify(ctx, options, cmd));
};

/** Stable codes for anchor problems (users and tests match on them). */
const ANCHOR_CODES: Readonly<Record<string, string>> = {
  rewritten: 'LEDGER_REWRITTEN',
  truncated: 'LEDGER_TRUNCATED',
  signature: 'ANCHOR_SIGNATURE_INVALID',
  unreadable: 'ANCHOR_UNREADABLE',
};

/** `specgate audit`: the checkpoints, filtered. */
async function auditList(ctx: CliContext, options: AuditOptions): Promise<void> {
  const { projectReports } = await import('../compose-evidence.js');
  const { readCheckpoints } = await import('../../adapters/evidence/ledger-file.js');
  const { formatCheckpointTime } = await import('../../core/evidence/checkpoint.js');
  const { reportsDir } = await projectReports(ctx.cwd);
  const { entries, malformed } = await readCheckpoints(reportsDir, {
    ...(options.feature === undefined ? {} : { featureSha: options.feature }),
    ...(options.run === undefined ? {} : { runId: options.run }),
    ...(options.stage === undefined ? {} : { stage: options.stage }),
  });
  if (options.json) {
    printJson(ctx, {
      checkpoints: entries.map((e) => ({ line: e.line, time: formatCheckpointTime(e.time), runId: e.runId, featureSha: e.featureSha, stage: e.stage, status: e.status, artifact: e.artifact, chain: e.chain })),
      malformedLines: malformed,
    });
  } else {
    for (const e of entries) {
      ctx.stdout(`${formatCheckpointTime(e.time)} | ${e.runId} | ${e.featureSha} | ${e.stage} | ${e.status} | ${e.artifact}\n`);
    }
    if (entries.length === 0) ctx.stdout('no checkpoints match\n');
  }
  if (malformed.length > 0) {
    ctx.stderr(`warning: ${malformed.length} line(s) of the ledger are not checkpoint lines (first: line ${malformed[0]}); run 'specgate audit verify'\n`);
  }
}

/** `specgate audit verify`: the chain, the run anchors and heads (or, with --store, the central chain). */
async function auditVerify(ctx: CliContext, options: VerifyOptions, cmd: Command): Promise<void> {
  // `--json` after `verify` is parsed by the parent `audit` command (commander's default).
  const json = options.json === true || (cmd.parent?.opts())?.json === true;
  if (options.store !== undefined) {
    const { auditVerifyStore } = await import('./store-actions.js');
    await auditVerifyStore(ctx, options, json);
    return;
  }
  const { projectReports, auditLedger } = await import('../compose-evidence.js');
  const { trustedPublicKey } = await import('../../app/evidence/ledger-audit.js');
  const { NodeFileSystem } = await import('../../adapters/node-fs.js');
  const { reportsDir, project } = await projectReports(ctx.cwd);
  const fs = new NodeFileSystem();
  const publicKeyPem = await trustedPublicKey(fs, { cwd: ctx.cwd, root: project.root, ...(options.key === undefined ? {} : { keyFlag: options.key }), ...(project.config.signing.publicKey === undefined ? {} : { configured: project.config.signing.publicKey }) });
  // Tuning knob (and how the tests reach the worker-thread path on a small ledger).
  const parallelFrom = Number(ctx.env.SPECGATE_LEDGER_PARALLEL_BYTES);
  const audit = await auditLedger(reportsDir, {
    ...(publicKeyPem === undefined ? {} : { publicKeyPem }),
    ...(options.expectHead === undefined ? {} : { expectHead: options.expectHead }),
    ...(Number.isFinite(parallelFrom) && parallelFrom > 0 ? { parallelFromBytes: parallelFrom } : {}),
  });
  await printLedgerAudit(ctx, audit, project.root, json);
  ctx.exitCode = audit.ok ? 0 : 1;
}

/** The verdict: JSON, or one line per problem (file:line: error CODE message) and the anchors' summary. */
async function printLedgerAudit(ctx: CliContext, audit: LedgerAudit, root: string, json: boolean): Promise<void> {
  const { describeAnchorVerdict } = await import('../../core/evidence/anchors.js');
  const result = audit.chain;
  const shown = path.relative(root, result.path) || result.path;
  if (json) printJson(ctx, { ...result, path: shown, ok: audit.ok, chainOk: result.ok, anchors: audit.anchors });
  else {
    if (result.ok) ctx.stdout(`${shown}: ok, ${result.lines} lines, chain intact (head ${result.headChain.slice(0, 16)}…)\n`);
    else if (result.firstBad) ctx.stdout(`${shown}:${result.firstBad.line}: error LEDGER_${result.firstBad.reason.toUpperCase().replace('-', '_')} ${result.firstBad.message}\n`);
    for (const p of audit.anchors.problems) ctx.stdout(`${shown}:${p.line}: error ${ANCHOR_CODES[p.kind]} ${p.message}\n`);
    ctx.stdout(`${audit.anchors.ok ? 'ok' : 'FAILED'}: ${describeAnchorVerdict(audit.anchors)}\n`);
  }
}
