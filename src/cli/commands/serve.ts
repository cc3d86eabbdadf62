// `specgate serve`: the dashboard of runs, evidence, ledger, reports and approvals.
import { examples, type CliContext, type RegisterCommand } from '../context.js';
import type { ProjectRef } from '../../app/deploy/staging.js';
import type { Project } from '../../app/project.js';
import type { FileSystem } from '../../core/ports.js';
import type { ApprovePort } from '../../server/app.js';

/** `specgate status` for the front page, probed with the project's health check. */
async function stagingPort(project: ProjectRef, ctx: CliContext) {
  const { stagingStatusReader } = await import('../compose-deploy.js');
  return stagingStatusReader(project, { env: ctx.env, signal: ctx.signal });
}

interface ServeOptions {
  readonly port: string;
  readonly host: string;
  readonly reports?: string;
  readonly store?: string | true;
  readonly allowedHost: string[];
}

/** Options and help of `specgate serve` (the action is serveAction). */
function describeServe(program: Parameters<RegisterCommand>[0]) {
  return program
    .command('serve')
    .description(
      'Serve the dashboard: runs with filters, run details (stages, gates, findings, coverage, SAST,\n' +
        'SBOM, signatures, deploy attempts), the ledger with live chain verification, executive reports\n' +
        'and approvals. Binds 127.0.0.1 by default. Approving and reading command logs need the\n' +
        'dashboard token: SPECGATE_DASHBOARD_TOKEN, or a random one printed at start.',
    )
    .option('--port <port>', 'TCP port (0 = any free port)', '8790')
    .option('--host <host>', 'interface to bind; anything but loopback exposes the dashboard', '127.0.0.1')
    .option('--allowed-host <name>', 'another Host name the dashboard answers to (NAME or NAME:PORT; repeatable; also dashboard.allowedHosts), e.g. behind a proxy', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--reports <dir>', 'evidence folder (default: `reports` from specgate.yaml)')
    .option('--store [url]', 'also serve the organisation’s evidence store under /store (every project; default: SPECGATE_STORE_URL, then `store:`)')
    .addHelpText(
      'after',
      examples(
        ['specgate serve', 'dashboard on http://127.0.0.1:8790'],
        ['SPECGATE_DASHBOARD_TOKEN=$(cat token) specgate serve --port 9000', 'with your own approver token'],
        ['specgate serve --reports /srv/evidence/reports', 'browse another evidence folder'],
        ['specgate serve --host 0.0.0.0 --allowed-host ci.example:8790', 'answer requests for ci.example (others get 421)'],
        ['SPECGATE_STORE_URL=postgres://reader@db/specgate specgate serve --store', 'every project’s runs under /store'],
      ),
    );
}

async function portNumber(text: string): Promise<number> {
  const { UsageError } = await import('../../core/errors.js');
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) throw new UsageError('INVALID_ARGUMENT', `--port ${text} is not a port number`, { hint: 'use 1–65535, or 0 for any free port' });
  return port;
}

/**
 * The project's own reports/ may not exist before the first run: the dashboard starts anyway and
 * teaches the next command. A folder named with --reports must exist.
 */
async function reportsFolder(fs: FileSystem, project: Project, options: ServeOptions, ctx: CliContext): Promise<string> {
  const path = await import('node:path');
  const { UsageError } = await import('../../core/errors.js');
  const reportsDir = path.resolve(options.reports === undefined ? project.root : ctx.cwd, options.reports ?? project.config.reports);
  if (options.reports !== undefined && (await fs.stat(reportsDir))?.kind !== 'directory') {
    throw new UsageError('PATH_NOT_FOUND', `no evidence folder at ${reportsDir}`, { path: reportsDir, hint: 'run `specgate run` first, or pass --reports DIR' });
  }
  return reportsDir;
}

/** SPECGATE_DASHBOARD_TOKEN when long enough, or a random one (printed once, never written). */
async function dashboardToken(ctx: CliContext): Promise<{ token: string; generated: boolean }> {
  const { UsageError } = await import('../../core/errors.js');
  const { generateToken } = await import('../../server/security.js');
  const fromEnv = ctx.env.SPECGATE_DASHBOARD_TOKEN;
  if (fromEnv !== undefined && fromEnv.length < 16) {
    throw new UsageError('INPUT_INVALID', 'SPECGATE_DASHBOARD_TOKEN is shorter than 16 characters', { hint: 'use a long random value, e.g. `openssl rand -base64 32`' });
  }
  return fromEnv === undefined ? { token: generateToken(), generated: true } : { token: fromEnv, generated: false };
}

/** The ledger verdict shown matches `audit verify`: anchors checked with signing.publicKey when configured. */
async function evidencePort(fs: FileSystem, project: Project, ctx: CliContext) {
  const { trustedPublicKey } = await import('../../app/evidence/ledger-audit.js');
  const { libraryEvidence } = await import('../../app/report/evidence-port.js');
  const configured = project.config.signing.publicKey;
  const publicKeyPem = await trustedPublicKey(fs, { cwd: ctx.cwd, root: project.root, ...(configured === undefined ? {} : { configured }) });
  return libraryEvidence(fs, publicKeyPem === undefined ? {} : { publicKeyPem });
}

/** Approvals from the dashboard go through the same use case as `specgate approve`. */
async function approvePort(reportsDir: string, project: Project): Promise<ApprovePort> {
  const { systemClock } = await import('../../adapters/clock.js');
  const { approveRun } = await import('../../app/pipeline/approve.js');
  const { fileEvidenceStore } = await import('../compose-evidence.js');
  const store = fileEvidenceStore(reportsDir, systemClock);
  return async ({ runId, by, reason }) => {
    const approval = await approveRun({ store, clock: systemClock, signedRequired: project.config.approvers.length > 0 }, { runId, by, ...(reason === undefined ? {} : { reason }) });
    return { by: approval.by, at: approval.at };
  };
}

async function serveAction(options: ServeOptions, ctx: CliContext): Promise<void> {
  const path = await import('node:path');
  const { NodeFileSystem } = await import('../../adapters/node-fs.js');
  const { systemClock } = await import('../../adapters/clock.js');
  const { loadProject } = await import('../../app/project.js');
  const { startDashboard, LOOPBACK } = await import('../../server/start.js');
  const { openStoreSession } = await import('../compose-store.js');
  const port = await portNumber(options.port);
  const fs = new NodeFileSystem();
  const project = await loadProject(fs, ctx.cwd);
  const reportsDir = await reportsFolder(fs, project, options, ctx);
  const { token, generated } = await dashboardToken(ctx);
  // Staging belongs to the project: shown only when the dashboard serves the project's own reports.
  const staging = options.reports !== undefined ? undefined : await stagingPort(project, ctx);
  const session = options.store === undefined ? undefined : await openStoreSession({ cwd: ctx.cwd, env: ctx.env, ...(typeof options.store === 'string' ? { store: options.store } : {}) });
  const { dashboard } = project.config;
  const running = await startDashboard({
    ...(session === undefined ? {} : { runStore: session.store.runs }),
    ...(staging === undefined ? {} : { staging }),
    fs,
    evidence: await evidencePort(fs, project, ctx),
    // Recorded approvals count only when they verify against this project's listed approvers.
    approvals: await (await import('../compose-evidence.js')).approvalCheckPort(project),
    clock: systemClock,
    reportsDir,
    token,
    host: options.host,
    port,
    extraHosts: [...dashboard.allowedHosts, ...options.allowedHost],
    streamCaps: { total: dashboard.maxEventStreams, perClient: dashboard.maxEventStreamsPerClient },
    project: project.config.name ?? path.basename(project.root),
    log: (line) => ctx.stderr(`${line}\n`),
    approve: await approvePort(reportsDir, project),
  });
  ctx.stdout(`specgate dashboard on ${running.url} (evidence: ${reportsDir})\n`);
  if (!LOOPBACK.has(options.host)) ctx.stderr(`warning: bound to ${options.host}: the dashboard's read-only pages are reachable from the network\n`);
  // The token is shown once, to the person who started the server, never written to a file or log.
  if (generated) ctx.stderr(`approver token (set SPECGATE_DASHBOARD_TOKEN to choose your own): ${token}\n`);
  ctx.keepAlive = new Promise<void>((resolve) => {
    const stop = () => void running.close().then(() => session?.store.close()).then(resolve);
    if (ctx.signal.aborted) stop();
    else ctx.signal.addEventListener('abort', stop, { once: true });
  });
}

export const registerServe: RegisterCommand = (program, ctx) => {
  describeServe(program).action((options: ServeOptions) => serveAction(options, ctx));
};
