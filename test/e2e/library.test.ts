// The published library entry point loads and exposes the documented API.
import { describe, expect, it } from 'vitest';

describe('specgate library (dist/index.js)', () => {
  it('loads without side effects and exposes the pipeline, evidence and verification API', async () => {
    const lib = (await import('../../dist/index.js')) as Record<string, unknown>;
    for (const name of ['validateSpecs', 'runPipeline', 'approveRun', 'verifyLedger', 'verifyRun', 'generateSbom', 'reportForRun', 'createDashboard', 'publishSpecBranch', 'deployRelease', 'featureSha']) {
      expect(typeof lib[name], name).toBe('function');
    }
    expect(lib.STAGE_NAMES).toEqual(['preflight', 'validate', 'generate', 'build', 'deploy', 'audit']);
    expect(lib.ExitCode).toEqual({ ok: 0, failed: 1, usage: 2, blocked: 3, interrupted: 130 });
  });
});
