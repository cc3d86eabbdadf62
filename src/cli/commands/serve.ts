// `specgate serve`: the dashboard of runs, evidence, ledger, reports and approvals.
import { examples, type CliContext, type RegisterCommand } from '../context.js';
import type { ProjectRef } from '../../app/deploy/staging.js';

/** `specgate status` for the front page, probed with the project's health check. */
async function stagingPort(project: ProjectRef, ctx: CliContext) {
  const { stagingStatus } = await import('../../app/deploy/status.js');
  const { NodeFileSystem } = await import('../../adapters/node-fs.js');
  const { systemClock } = await import('../../adapters/clock.js');
  const { NodeProcessRunner } = await import('../../adapters/process-runner.js');
  const { httpHealthProbe } = await import('../../adapters/deploy/http-probe.js');
  const deps = { fs: new NodeFileSystem(), clock: systemClock, processes: new NodeProcessRunner(), probe: httpHealthProbe, env: ctx.env, signal: ctx.signal };
  return () => stagingStatus(project, deps);
}

interface ServeOptions {
  readonly port: string;
  readonly host: string;
  readonly reports?: string;
  readonly store?: string | true;
  readonly allowedHost: string[];
}

export const registerServe: RegisterCommand = (program, ctx) => {
  program
    .command('serve')
    .description(
      'Serve the dashboard: runs with filters, run details (stages, gates, findings, coverage, SAST,\n' +
        'SBOM, signatures, deploy attempts), the ledger with live chain verification, executive reports\n' +
        'and approvals. Binds 127.0.0.1 by default. Approving needs the dashboard token:\n' +
        'SPECGATE_DASHBOARD_TOKEN, or a random one printed at start.',
    )
    .option('--port <port>', 'TCP port (0 = any free port)', '8790')
    .option('--host <host>', 'interface to bind; anything but loopback exposes the dashboard', '127.0.0.1')
    .option('--allowed-host <name>', 'another Host name the dashboard answers to (NAME or NAME:PORT; repeatable), e.g. behind a proxy', (v: string, all: string[]) => [...all, v], [] as string[])
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
    )
    .action(async (options: ServeOptions) => {
      const path = await import('node:path');
      const { NodeFileSystem } = await import('../../adapters/node-fs.js');
      const { systemClock } = await import('../../adapters/clock.js');
      const { UsageError } = await import('../../core/errors.js');
      const { loadProject } = await import('../../app/project.js');
      const { startDashboard, LOOPBACK } = await import('../../server/start.js');
      const { generateToken } = await import('../../server/security.js');
      const { approveRun } = await import('../../app/pipeline/approve.js');
      const { fileEvidenceStore } = await import('../../app/pipeline/evidence-store.js');
      const port = Number(options.port);
      if (!/^\d{1,5}$/.test(options.port) || port > 65535) throw new UsageError('INVALID_ARGUMENT', `--port ${options.port} is not a port number`, { hint: 'use 1–65535, or 0 for any free port' });
      const fs = new NodeFileSystem();
      const project = await loadProject(fs, ctx.cwd);
      const reportsDir = path.resolve(options.reports === undefined ? project.root : ctx.cwd, options.reports ?? project.config.reports);
      // The project's own reports/ may not exist before the first run: the dashboard starts anyway
      // and teaches the next command. A folder named with --reports must exist.
      if (options.reports !== undefined && (await fs.stat(reportsDir))?.kind !== 'directory') {
        throw new UsageError('PATH_NOT_FOUND', `no evidence folder at ${reportsDir}`, { path: reportsDir, hint: 'run `specgate run` first, or pass --reports DIR' });
      }
      const fromEnv = ctx.env.SPECGATE_DASHBOARD_TOKEN;
      if (fromEnv !== undefined && fromEnv.length < 16) {
        throw new UsageError('INPUT_INVALID', 'SPECGATE_DASHBOARD_TOKEN is shorter than 16 characters', { hint: 'use a long random value, e.g. `openssl rand -base64 32`' });
      }
      const token = fromEnv ?? generateToken();
      const store = fileEvidenceStore(reportsDir, systemClock);
      // Staging belongs to the project: shown only when the dashboard serves the project's own reports.
      const staging = options.reports !== undefined ? undefined : await stagingPort(project, ctx);
      const { trustedPublicKey } = await import('../../app/evidence/ledger-audit.js');
      const { libraryEvidence } = await import('../../app/report/evidence-port.js');
      // The ledger verdict shown matches `audit verify`: anchors checked with signing.publicKey when configured.
      const publicKeyPem = await trustedPublicKey(fs, { cwd: ctx.cwd, root: project.root, ...(project.config.signing.publicKey === undefined ? {} : { configured: project.config.signing.publicKey }) });
      const { openStoreSession } = await import('../../app/store/session.js');
      const session = options.store === undefined ? undefined : await openStoreSession({ cwd: ctx.cwd, env: ctx.env, clock: systemClock, ...(typeof options.store === 'string' ? { store: options.store } : {}) });
      const running = await startDashboard({
        ...(session === undefined ? {} : { runStore: session.store.runs }),
        fs,
        evidence: libraryEvidence(fs, publicKeyPem === undefined ? {} : { publicKeyPem }),
        approvals: await (await import('../../app/pipeline/approval-signer.js')).approvalCheckPort(project),
        clock: systemClock,
        reportsDir,
        token,
        host: options.host,
        port,
        extraHosts: options.allowedHost,
        project: project.config.name ?? path.basename(project.root),
        ...(staging === undefined ? {} : { staging }),
        log: (line) => ctx.stderr(`${line}\n`),
        approve: async ({ runId, by, reason }) => {
          const approval = await approveRun({ store, clock: systemClock, signedRequired: project.config.approvers.length > 0 }, { runId, by, ...(reason === undefined ? {} : { reason }) });
          return { by: approval.by, at: approval.at };
        },
      });
      ctx.stdout(`specgate dashboard on ${running.url} (evidence: ${reportsDir})\n`);
      if (!LOOPBACK.has(options.host)) ctx.stderr(`warning: bound to ${options.host}: the dashboard's read-only pages are reachable from the network\n`);
      // The token is shown once, to the person who started the server, never written to a file or log.
      if (fromEnv === undefined) ctx.stderr(`approver token (set SPECGATE_DASHBOARD_TOKEN to choose your own): ${token}\n`);
      ctx.keepAlive = new Promise<void>((resolve) => {
        const stop = () => void running.close().then(() => session?.store.close()).then(resolve);
        if (ctx.signal.aborted) stop();
        else ctx.signal.addEventListener('abort', stop, { once: true });
      });
    });
};
