// The work behind `specgate run`, loaded only when the command runs.
import { runPipeline } from '../../app/pipeline/run.js';
import { nodePipelineDeps, initiatorFrom } from '../compose.js';
import type { CliContext } from '../context.js';
import { createProgress } from '../progress.js';
import type { RunFlags } from './run.js';

const list = (value: string | undefined): string[] | undefined =>
  value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);

export async function runCommand(ctx: CliContext, flags: RunFlags): Promise<number> {
  const progress = createProgress(ctx, flags.json ? 'json' : 'auto');
  try {
    const outcome = await runPipeline(
      await nodePipelineDeps({ env: ctx.env, signal: ctx.signal, version: ctx.version, emit: progress.onEvent }),
      {
        cwd: ctx.cwd,
        ...(flags.mode === undefined ? {} : { mode: flags.mode }),
        ...(flags.stages === undefined ? {} : { stages: list(flags.stages) }),
        ...(flags.from === undefined ? {} : { from: flags.from }),
        ...(flags.until === undefined ? {} : { until: flags.until }),
        ...(flags.resume === undefined ? {} : { resume: flags.resume }),
        ...(flags.hold === undefined ? {} : { hold: flags.hold }),
        initiator: initiatorFrom(ctx.env),
      },
    );
    progress.close();
    if (!flags.json) {
      ctx.stdout(`\nEvidence: ${outcome.runDir}\n`);
      if (outcome.status === 'awaiting-approval') {
        ctx.stdout(
          `Awaiting approval (compliance). Someone other than the initiator approves with:\n` +
            `  specgate approve ${outcome.runId} --by <name> [--key <approver.key>]\n` +
            `then continue with:\n  specgate run --resume ${outcome.runId}\n`,
        );
      }
    }
    return outcome.exitCode;
  } finally {
    progress.close();
  }
}
