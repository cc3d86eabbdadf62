// The evidence stack's composition root: the Node adapters of src/adapters/evidence wired into
// the evidence use cases of src/app/evidence as ports. The CLI (compose.ts, commands), the
// dashboard (src/server) and the library API (src/index.ts) take the wired versions from here;
// tests hand the use cases fakes instead.
import { nodeEvidencePorts } from '../adapters/evidence/node-evidence.js';
import type { EvidencePorts } from '../core/evidence/ports.js';
import { featureRuns, featureRunsTolerant, findRunDir as findRunDirWith, listRuns as listRunsWith, type RunFilter, type RunSummary } from '../app/evidence/runs.js';

export { nodeEvidencePorts } from '../adapters/evidence/node-evidence.js';

/** The evidence use cases bound to one set of ports (the Node ones unless told otherwise). */
export function evidenceUseCases(ports: EvidencePorts = nodeEvidencePorts) {
  return {
    ports,
    listRuns: (reportsDir: string, filter?: RunFilter) => listRunsWith(ports, reportsDir, filter),
    featureRuns: (reportsDir: string, featureSha: string) => featureRuns(ports, reportsDir, featureSha),
    featureRunsTolerant: (reportsDir: string, featureSha: string, onWarning: RunFilter['onWarning']) => featureRunsTolerant(ports, reportsDir, featureSha, onWarning),
    findRunDir: (reportsDir: string, runId: string, featureSha?: string) => findRunDirWith(ports, reportsDir, runId, featureSha),
  };
}

export type EvidenceUseCases = ReturnType<typeof evidenceUseCases>;

/** `specgate runs` on the real reports folder. */
export function listRuns(reportsDir: string, filter: RunFilter = {}): Promise<RunSummary[]> {
  return listRunsWith(nodeEvidencePorts, reportsDir, filter);
}

/** A run folder by id under the real reports folder; RUN_NOT_FOUND otherwise. */
export function findRunDir(reportsDir: string, runId: string, featureSha?: string): Promise<string> {
  return findRunDirWith(nodeEvidencePorts, reportsDir, runId, featureSha);
}
