// `specgate deploy | rollback | status | stop`: staging from the command line. Thin: the work is in
// src/app/deploy; this file parses options, prints, and sets the exit code.
import { Option } from 'commander';
import type { DeployCommandResult } from '../../app/deploy/run-deploy.js';
import { examples, printJson, type CliContext, type RegisterCommand } from '../context.js';

async function stagingDeps(ctx: CliContext, json: boolean | undefined) {
  const { NodeFileSystem } = await import('../../adapters/node-fs.js');
  const { nodeStagingDeps } = await import('../compose-deploy.js');
  const { loadProject } = await import('../../app/project.js');
  const project = await loadProject(new NodeFileSystem(), ctx.cwd);
  const deps = nodeStagingDeps({ env: ctx.env, signal: ctx.signal, ...(json ? {} : { log: (line: string) => ctx.stderr(`${line}\n`) }) });
  return { project, deps };
}

interface DeployOptions {
  readonly target?: 'local' | 'kubernetes';
  readonly dryRun?: boolean;
  readonly json?: boolean;
}

/** Prints what `deploy` did (text or JSON) and returns the exit code. */
function printDeployResult(ctx: CliContext, result: DeployCommandResult, json: boolean): number {
  if (json) {
    printJson(ctx, result.kind === 'deployed' ? result.report : result);
  } else if (result.kind === 'dry-run') {
    const { limits, requests, source } = result.resources;
    ctx.stdout(`dry run: would deploy run ${result.runId} (${result.archive}) to the ${result.target} target\n`);
    ctx.stdout(`resources (${source}): request ${requests.cpu} CPU / ${requests.memoryMi} Mi, limit ${limits.cpu} CPU / ${limits.memoryMi} Mi\n`);
    for (const file of result.manifests) ctx.stdout(`wrote ${file}\n`);
  } else if (result.kind === 'unchanged') {
    ctx.stdout(`run ${result.runId} already serves staging (since ${result.since}); nothing to do\n`);
  } else {
    const { report } = result;
    ctx.stdout(`${report.success ? 'deployed' : 'deploy failed'}: ${report.final.reason}\n`);
    ctx.stdout(`staging: ${report.stagingUrl} serves ${report.final.serving?.releaseId ?? 'nothing'}\n`);
    ctx.stdout(`report: ${result.reportFile}\n`);
  }
  return result.kind === 'deployed' && !result.report.success ? 1 : 0;
}

const registerDeployCommand: RegisterCommand = (program, ctx) => {
  program
    .command('deploy')
    .description(
      "Deploy a run's release.tar.gz to staging. The local target installs it under\n" +
        '.specgate/releases/<run-id>/, starts deploy.command with PORT set beside the release that\n' +
        'serves now, checks GET /healthz until healthy and stable, then switches the staging proxy\n' +
        '(deploy.host:deploy.port). On failure: retries (deploy.retries, every retryIntervalSeconds),\n' +
        'then rolls back: the previous release never stops serving. Compliance runs need an approval.\n' +
        'Exit 0 deployed · 1 failed (rolled back) · 2 bad input · 3 approval missing.',
    )
    .argument('[run]', "run id (YYYYMMDDHHMMSS) or 'latest'", 'latest')
    .addOption(new Option('--target <target>', 'deploy target (default: deploy.target from specgate.yaml)').choices(['local', 'kubernetes']))
    .option('--dry-run', 'show what would be deployed; for kubernetes, write the manifests only')
    .option('--json', 'print deploy-report.json instead of progress text')
    .addHelpText(
      'after',
      examples(
        ['specgate deploy', 'the latest finished run, to the local staging target'],
        ['specgate deploy 20250924140440 --json', 'one run, the report as JSON'],
        ['specgate deploy latest --target kubernetes --dry-run', 'write Namespace/Deployment/Service manifests only'],
        ['specgate status', 'what serves staging now, and its health'],
      ),
    )
    .action(async (run: string, options: DeployOptions) => {
      const { deployCommand } = await import('../../app/deploy/run-deploy.js');
      const { project, deps } = await stagingDeps(ctx, options.json);
      const result = await deployCommand({ project, run, ...(options.target ? { target: options.target } : {}), ...(options.dryRun ? { dryRun: true } : {}) }, deps);
      ctx.exitCode = printDeployResult(ctx, result, options.json === true);
    });
};

const registerRollback: RegisterCommand = (program, ctx) => {
  program
    .command('rollback')
    .description('Switch staging back to the release that served before the current one (health-checked first).')
    .option('--json', 'print the deploy report of the rollback')
    .addHelpText('after', examples(['specgate rollback', 'the previous release serves again'], ['specgate rollback --json', 'as JSON']))
    .action(async (options: { json?: boolean }) => {
      const { rollbackStaging } = await import('../../app/deploy/rollback.js');
      const { project, deps } = await stagingDeps(ctx, options.json);
      const { report } = await rollbackStaging(project, deps);
      if (options.json) printJson(ctx, report);
      else ctx.stdout(`${report.success ? 'rolled back' : 'rollback failed'}: ${report.final.reason}\n`);
      ctx.exitCode = report.success ? 0 : 1;
    });
};

const registerStatus: RegisterCommand = (program, ctx) => {
  program
    .command('status')
    .description('What serves staging, since when, from which run and feature SHA, and its health now (probed).\nExit 0 when a release serves and is healthy, 1 otherwise.')
    .option('--json', 'print the status as JSON')
    .addHelpText('after', examples(['specgate status', 'one line: release, run, feature SHA, health'], ['specgate status --json | jq .serving', 'as JSON']))
    .action(async (options: { json?: boolean }) => {
      const { stagingStatus } = await import('../../app/deploy/status.js');
      const { project, deps } = await stagingDeps(ctx, true);
      const status = await stagingStatus(project, deps);
      if (options.json) printJson(ctx, status);
      else ctx.stdout(`${status.message}\n`);
      ctx.exitCode = status.state === 'serving' && status.healthy ? 0 : 1;
    });
};

const registerStop: RegisterCommand = (program, ctx) => {
  program
    .command('stop')
    .description('Stop staging: the proxy, every release service and the supervisor.')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', examples(['specgate stop', 'nothing serves staging afterwards']))
    .action(async (options: { json?: boolean }) => {
      const { stopStaging } = await import('../../app/deploy/status.js');
      const { project, deps } = await stagingDeps(ctx, true);
      const result = await stopStaging(project, deps);
      if (options.json) printJson(ctx, result);
      else if (result.stopped) ctx.stdout(`staging stopped (supervisor ${result.pid ?? '?'})\n`);
      else ctx.stdout(`staging was not running${result.reapedPids ? `; stopped service(s) a killed supervisor left running (pid ${result.reapedPids.join(', ')})` : ''}\n`);
      ctx.exitCode = 0;
    });
};

export const registerDeploy: RegisterCommand = (program, ctx) => {
  for (const register of [registerDeployCommand, registerRollback, registerStatus, registerStop]) register(program, ctx);
};
