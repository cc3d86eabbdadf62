// Names a run by role for the commands that read one (`report`, `verify`): `latest` is the newest
// finished run, `deployed` the release staging serves — often different runs, so the CLI says which.
import type { RunRef } from '../app/report/runs.js';

export interface RunTarget {
  readonly run: string;
  readonly feature: string | undefined;
  /** Why this run: printed on stderr so the reader knows which run the output is about. */
  readonly what?: string;
}

/** `latest` and `deployed` name a run by role; `deployed` reads what the staging supervisor recorded. */
export async function runByRole(run: string, feature: string | undefined, root: string, command: string): Promise<RunTarget> {
  if (run === 'latest') return { run, feature, what: 'the newest finished run (latest)' };
  if (run !== 'deployed') return { run, feature };
  const { readStagingState } = await import('../adapters/deploy/control.js');
  const { ReportError } = await import('../core/report/errors.js');
  const serving = readStagingState(root)?.serving ?? null;
  if (serving === null) {
    throw new ReportError('RUN_NOT_FOUND', 'nothing has been deployed to staging from this project (no serving release in .specgate/staging.json)', { hint: `deploy a finished run with \`specgate deploy latest\`, or use the newest run with \`specgate ${command} latest\`` });
  }
  return { run: serving.runId, feature: serving.featureSha, what: `the release staging serves (${serving.releaseId}, since ${serving.since}; \`specgate status\` probes its health)` };
}

/** The one line every run-reading command prints on stderr before its output. */
export function describeRun(command: string, ref: RunRef, target: RunTarget): string {
  return `${command} of run ${ref.runId} (feature ${ref.featureSha})${target.what === undefined ? '' : `: ${target.what}`}\n`;
}
