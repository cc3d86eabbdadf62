// The release this run is compared with: what served staging before it. A run that deployed names it
// in deploy-report.json (`previous`); otherwise it is the newest earlier run, of any feature (a spec
// change starts a new feature folder, and "scenarios added" is exactly that), whose deploy succeeded.
// Read as recorded, never verified: the report says so. The scan is bounded.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import type { ReleaseDocs } from '../../core/report/changes.js';
import { bool, str } from '../../core/report/read.js';
import { compareRunIds, isFeatureSha, isRunId } from '../../core/evidence/run-id.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';
import { listFeatures, listRunIds } from './runs.js';
import { readJsonIfSmall } from '../untrusted-read.js';

/** Earlier runs whose deploy report is read at most, newest first. */
const MAX_CANDIDATES = 200;
/** A recorded document larger than this is not compared (an SBOM is a few hundred KiB). */
const MAX_DOC_BYTES = 16 * 1024 * 1024;

function readJson(fs: FileSystem, file: string): Promise<unknown> {
  return readJsonIfSmall(fs, file, MAX_DOC_BYTES);
}

async function docsOf(fs: FileSystem, reportsDir: string, featureSha: string, runId: string): Promise<ReleaseDocs> {
  const dir = path.join(reportsDir, featureSha, runId);
  const [coverage, estimates, sbom, sarif] = await Promise.all([EVIDENCE_FILE.coverage, EVIDENCE_FILE.estimates, EVIDENCE_FILE.sbom, EVIDENCE_FILE.sarif].map((f) => readJson(fs, path.join(dir, f))));
  return { runId, featureSha, coverage, estimates, sbom, sarif };
}

const deployed = (report: unknown): boolean => bool(report, 'success') === true || str(report, 'final.state') === 'serving-new-release';

/** Earlier runs of every feature, newest first, at most MAX_CANDIDATES. */
async function earlierRuns(fs: FileSystem, reportsDir: string, runId: string): Promise<{ featureSha: string; runId: string }[]> {
  const all: { featureSha: string; runId: string }[] = [];
  for (const featureSha of await listFeatures(fs, reportsDir)) {
    for (const id of await listRunIds(fs, reportsDir, featureSha)) if (compareRunIds(id, runId) < 0) all.push({ featureSha, runId: id });
  }
  return all.sort((a, b) => compareRunIds(b.runId, a.runId)).slice(0, MAX_CANDIDATES);
}

export async function previousRelease(fs: FileSystem, reportsDir: string, runId: string, deployReport: unknown): Promise<ReleaseDocs | { none: string }> {
  const named = { runId: str(deployReport, 'previous.runId'), featureSha: str(deployReport, 'previous.featureSha') };
  if (named.runId !== undefined && named.featureSha !== undefined && isRunId(named.runId) && isFeatureSha(named.featureSha)) {
    if ((await fs.lstat(path.join(reportsDir, named.featureSha, named.runId)))?.kind === 'directory') return docsOf(fs, reportsDir, named.featureSha, named.runId);
    return { none: `the previous release (run ${named.runId}) is no longer in ${path.basename(reportsDir)}/` };
  }
  if (deployReport !== null && typeof deployReport === 'object' && (deployReport as { previous?: unknown }).previous === null) return { none: 'nothing served staging before this run' };
  for (const candidate of await earlierRuns(fs, reportsDir, runId)) {
    if (deployed(await readJson(fs, path.join(reportsDir, candidate.featureSha, candidate.runId, EVIDENCE_FILE.deploy)))) return docsOf(fs, reportsDir, candidate.featureSha, candidate.runId);
  }
  return { none: 'no earlier run was deployed to staging' };
}
