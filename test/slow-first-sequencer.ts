// Orders test files for a 2-worker pool on a fresh clone, where vitest has no timing cache: its
// default runs the projects one after another and, inside each, the largest files first, so a
// short file holding a 50 s test (npm pack, concurrent ledger writers) could start last and leave
// one worker idle while it runs. The files named here (measured in `bash scripts/test.sh`, longest
// first) start first; every other file keeps vitest's order. A cached run still uses the cache.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Paths relative to the repository root, longest first (from the durations the suite prints). */
export const SLOW_FILES: readonly string[] = [
  'test/browser/views.test.ts',
  'test/e2e/pack.test.ts',
  'test/e2e/store-reliability.test.ts',
  'test/e2e/deploy-faults.test.ts',
  'test/e2e/run.test.ts',
  'test/e2e/ledger-concurrency.test.ts',
  'test/e2e/ledger-kill-2.test.ts',
  'test/e2e/scenarios.test.ts',
  'test/e2e/deploy.test.ts',
  'test/e2e/example.test.ts',
];

function rank(spec: TestSpecification, root: string): number {
  const relative = spec.moduleId.startsWith(root) ? spec.moduleId.slice(root.length + 1) : spec.moduleId;
  const index = SLOW_FILES.indexOf(relative);
  return index === -1 ? SLOW_FILES.length : index;
}

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    // Array.prototype.sort is stable: files outside the list keep vitest's order among themselves.
    return sorted.map((spec, i) => ({ spec, i, rank: rank(spec, root) })).sort((a, b) => a.rank - b.rank || a.i - b.i).map(({ spec }) => spec);
  }
}
