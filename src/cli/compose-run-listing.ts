// Composition root of the local `specgate runs` listing: the use case (app/evidence/runs.ts) with
// only the Node reads it needs (adapters/evidence/node-run-listing.ts), so the listing's start-up
// loads no ledger or writer code. compose-evidence.ts wires the whole evidence stack for the rest.
import { nodeRunListingPorts } from '../adapters/evidence/node-run-listing.js';
import { NodeFileSystem } from '../adapters/node-fs.js';
import { projectReports as projectReportsWith } from '../app/evidence/reports-location.js';
import type { Project } from '../app/project.js';
import { listRuns, type RunFilter, type RunSummary } from '../app/evidence/runs.js';

/** The project at `cwd` and its reports folder (compose-evidence.ts has the same, with the whole stack). */
export function projectReports(cwd: string): Promise<{ project: Project; reportsDir: string }> {
  return projectReportsWith(new NodeFileSystem(), cwd);
}

export function listLocalRuns(reportsDir: string, filter: RunFilter = {}): Promise<RunSummary[]> {
  return listRuns(nodeRunListingPorts, reportsDir, filter);
}
