// Which run does `specgate deploy [RUN]` deploy? A run id, or `latest` (the newest finished run any
// feature SHA's `latest` link points at). Also the compliance rule: a compliance run deploys only
// with an approval in its manifest.
import * as path from 'node:path';
import { DeployError } from '../../core/deploy/errors.js';
import { sha256Hex } from '../../core/data.js';
import type { FileSystem } from '../../core/ports.js';
import { compareRunIds, isFeatureSha, isRunId } from '../../core/evidence/run-id.js';
import { judgeApprovals } from '../pipeline/approval-gate.js';
import type { Approval } from '../pipeline/evidence-port.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';


export interface LocatedRun {
  readonly runId: string;
  readonly featureSha: string;
  readonly runDir: string;
  readonly archive: string;
}

async function shaDirs(fs: FileSystem, reportsDir: string): Promise<string[]> {
  if ((await fs.stat(reportsDir))?.kind !== 'directory') return [];
  return (await fs.readdir(reportsDir)).filter((name) => isFeatureSha(name));
}

export async function locateRun(fs: FileSystem, reportsDir: string, run: string | undefined): Promise<LocatedRun> {
  const wanted = run === undefined || run === 'latest' ? undefined : run;
  if (wanted !== undefined && !isRunId(wanted)) {
    throw new DeployError('RUN_NOT_FOUND', `'${wanted}' is not a run id (YYYYMMDDHHMMSS or YYYYMMDDHHMMSS-N) nor 'latest'`, { hint: 'list runs with `specgate runs`' });
  }
  const found: { runId: string; featureSha: string }[] = [];
  for (const sha of await shaDirs(fs, reportsDir)) {
    if (wanted !== undefined) {
      if ((await fs.stat(path.join(reportsDir, sha, wanted)))?.kind === 'directory') found.push({ runId: wanted, featureSha: sha });
      continue;
    }
    const link = path.join(reportsDir, sha, 'latest');
    if ((await fs.lstat(link))?.kind !== 'symlink') continue;
    const target = path.basename(await fs.readlink(link));
    if (isRunId(target)) found.push({ runId: target, featureSha: sha });
  }
  found.sort((a, b) => compareRunIds(a.runId, b.runId));
  const chosen = found.at(-1);
  if (chosen === undefined) {
    throw new DeployError('RUN_NOT_FOUND', wanted === undefined ? `no finished run under ${reportsDir}` : `run ${wanted} not found under ${reportsDir}`, {
      path: reportsDir,
      hint: wanted === undefined ? 'run the pipeline first: `specgate run`' : 'list runs with `specgate runs`',
    });
  }
  const runDir = path.join(reportsDir, chosen.featureSha, chosen.runId);
  const archive = path.join(runDir, EVIDENCE_FILE.release);
  if ((await fs.stat(archive))?.kind !== 'file') {
    throw new DeployError('RELEASE_NOT_FOUND', `run ${chosen.runId} has no ${EVIDENCE_FILE.release}`, {
      path: archive,
      hint: 'the build stage writes the release; run the pipeline through build (`specgate run`) and deploy that run',
    });
  }
  return { ...chosen, runDir, archive };
}

/** Refuses a compliance run whose manifest shows no valid approval (docs/contracts.md §6). */
export async function assertDeployAllowed(fs: FileSystem, located: LocatedRun, signedRequired: boolean): Promise<void> {
  const manifestPath = path.join(located.runDir, EVIDENCE_FILE.manifest);
  let manifest: { mode?: unknown; initiator?: unknown; approvals?: unknown };
  try {
    manifest = JSON.parse(await fs.readText(manifestPath)) as typeof manifest;
  } catch (error) {
    throw new DeployError('RUN_NOT_FOUND', `cannot read the run's manifest.json`, { path: manifestPath, cause: error, hint: 'the run is incomplete or damaged; run the pipeline again' });
  }
  if (manifest.mode !== 'compliance') return;
  const requestPath = path.join(located.runDir, EVIDENCE_FILE.approvalRequest);
  const request = (await fs.stat(requestPath)) === undefined ? undefined : await fs.readText(requestPath);
  const verdict = judgeApprovals(Array.isArray(manifest.approvals) ? (manifest.approvals as Approval[]) : [], {
    requestDigest: request === undefined ? undefined : sha256Hex(request),
    initiator: typeof manifest.initiator === 'string' ? manifest.initiator : '',
    signedRequired,
  });
  if (!verdict.ok) {
    throw new DeployError('APPROVAL_MISSING', `run ${located.runId} is a compliance run: ${verdict.reason}`, {
      path: manifestPath,
      hint: `someone other than the initiator approves it with \`specgate approve ${located.runId}\`, then deploy again`,
    });
  }
}
