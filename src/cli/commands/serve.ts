// `specgate serve`: the dashboard of runs, evidence, ledger, reports and approvals.
import { examples, type CliContext, type RegisterCommand } from '../context.js';
import type { Project } from '../../app/project.js';
import type { FileSystem } from '../../core/ports.js';

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

async function serveAction(options: ServeOptions, ctx: CliContext): Promise<void> {
  const path = await import('node:path');
  const { NodeFileSystem } = await import('../../adapters/node-fs.js');
  const { loadProject } = await import('../../app/project.js');
  const { startDashboard, LOOPBACK } = await import('../../server/start.js');
  const { composeServe } = await import('../../server/compose.js');
  const port = await portNumber(options.port);
  const fs = new NodeFileSystem();
  const project = await loadProject(fs, ctx.cwd);
  const reportsDir = await reportsFolder(fs, project, options, ctx);
  const { token, generated } = await dashboardToken(ctx);
  const wiring = await composeServe({ cwd: ctx.cwd, env: ctx.env, signal: ctx.signal, project, reportsDir, ownReports: options.reports === undefined, ...(options.store === undefined ? {} : { store: options.store }) });
  const { dashboard } = project.config;
  const running = await startDashboard({
    ...wiring.ports,
    reportsDir,
    token,
    host: options.host,
    port,
    extraHosts: [...dashboard.allowedHosts, ...options.allowedHost],
    streamCaps: { total: dashboard.maxEventStreams, perClient: dashboard.maxEventStreamsPerClient },
    project: project.config.name ?? path.basename(project.root),
    log: (line) => ctx.stderr(`${line}\n`),
  }).catch(async (error: unknown) => {
    await wiring.close();
    throw error;
  });
  ctx.stdout(`specgate dashboard on ${running.url} (evidence: ${reportsDir})\n`);
  if (!LOOPBACK.has(options.host)) ctx.stderr(`warning: bound to ${options.host}: the dashboard's read-only pages are reachable from the network\n`);
  // The token is shown once, to the person who started the server, never written to a file or log.
  if (generated) ctx.stderr(`approver token (set SPECGATE_DASHBOARD_TOKEN to choose your own): ${token}\n`);
  ctx.keepAlive = new Promise<void>((resolve) => {
    const stop = () => void running.close().then(() => wiring.close()).then(resolve);
    if (ctx.signal.aborted) stop();
    else ctx.signal.addEventListener('abort', stop, { once: true });
  });
}

export const registerServe: RegisterCommand = (program, ctx) => {
  describeServe(program).action((options: ServeOptions) => serveAction(options, ctx));
};
