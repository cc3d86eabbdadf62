// What a push carries, computed purely from the run folder's bytes: the file list with digests,
// the bundle digest that tells "the same run again" from "another run under the same id", and the
// facts the store's queries filter on.
import { createHash } from 'node:crypto';
import { isFeatureSha, isRunId } from '../evidence/run-id.js';
import { StoreError } from './errors.js';
import type { RunFacts, RunRef, StoredFile } from './ports.js';
import { EVIDENCE_FILE } from '../evidence/vocabulary.js';

const PROJECT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** A project name names a folder in the file store and a key in the database: kept plain. */
export function isProjectName(name: string): boolean {
  return PROJECT.test(name) && !name.includes('..');
}

export function assertProjectName(name: string, source = 'the project name'): void {
  if (!isProjectName(name)) {
    throw new StoreError('STORE_URL_INVALID', `${source} '${name.slice(0, 100)}' cannot name a project in the store`, {
      hint: 'set `name:` in specgate.yaml (or pass --project) to 1–100 letters, digits, `.`, `_` or `-`',
    });
  }
}

/** sha256 over `sha256  path\n` lines sorted by path: equal digests mean byte-identical run folders. */
export function bundleDigest(files: readonly StoredFile[]): string {
  const lines = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => `${f.sha256}  ${f.path}\n`);
  return createHash('sha256').update(lines.join('')).digest('hex');
}

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

/**
 * Facts from the (already verified) manifest and deploy report. The deploy report is optional: a
 * run that never deployed serves nowhere.
 */
export function runFacts(manifest: Readonly<Record<string, unknown>>, deployReport: unknown, keyFingerprint: string | null): { featureSha: string; runId: string; facts: RunFacts } {
  const featureSha = text(manifest.featureSha);
  const runId = text(manifest.runId);
  if (!isFeatureSha(featureSha) || !isRunId(runId)) {
    throw new StoreError('STORE_REJECTED', 'the manifest names no valid feature SHA and run id', { path: EVIDENCE_FILE.manifest, hint: 'push run folders written by `specgate run`' });
  }
  const startedAt = text(manifest.startedAt);
  if (Number.isNaN(Date.parse(startedAt))) throw new StoreError('STORE_REJECTED', `the manifest's startedAt '${startedAt.slice(0, 40)}' is not a time`, { path: EVIDENCE_FILE.manifest });
  const endedAt = typeof manifest.endedAt === 'string' && !Number.isNaN(Date.parse(manifest.endedAt)) ? manifest.endedAt : null;
  const deploy = deployReport !== null && typeof deployReport === 'object' ? (deployReport as { target?: unknown; final?: { state?: unknown } }) : undefined;
  const environment = deploy === undefined ? null : text(deploy.target, 'staging') || 'staging';
  return {
    featureSha,
    runId,
    facts: {
      mode: text(manifest.mode, 'sandbox'),
      status: text(manifest.status, 'running'),
      initiator: text(manifest.initiator, 'unknown').slice(0, 200),
      startedAt: new Date(startedAt).toISOString(),
      endedAt: endedAt === null ? null : new Date(endedAt).toISOString(),
      keyFingerprint,
      environment,
      serving: deploy?.final?.state === 'serving-new-release',
    },
  };
}

/** A stored run in one of these statuses may be pushed again once it went further (a new revision). */
export const REVISABLE: ReadonlySet<string> = new Set(['awaiting-approval', 'paused', 'running']);

/** What every store says when a finished run would be replaced by different content. */
export function runConflict(ref: RunRef, storedStatus: string): StoreError {
  return new StoreError('STORE_RUN_CONFLICT', `the store already holds a different run ${ref.project} ${ref.featureSha}/${ref.runId} (status ${storedStatus})`, {
    hint: 'a finished run is never replaced: this folder is not the run that was pushed (compare `specgate pull` of it with your copy)',
  });
}
