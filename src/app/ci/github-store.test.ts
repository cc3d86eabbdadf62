// The exported workflow pushes each job's run to the evidence store when one is configured, with
// the URL and password from secrets handed to that step only and never written into a command.
import { describe, expect, it } from 'vitest';
import { githubWorkflow } from './github.js';

describe('GitHub export: push to the evidence store', () => {
  it('every job pushes after its stages, secrets only in the push step’s env, skipped without a store', () => {
    const wf = githubWorkflow({ projectDir: '.', reportsDir: 'reports', version: '0.0.0-test' }) as { jobs: Record<string, { steps: { name: string; run?: string; env?: Record<string, string>; if?: string }[] }> };
    for (const job of Object.values(wf.jobs)) {
      const names = job.steps.map((s) => s.name);
      const push = job.steps.find((s) => s.name === 'Push evidence to the store');
      expect(push).toBeDefined();
      expect(names.indexOf('Push evidence to the store')).toBe(names.indexOf('Upload evidence') - 1);
      expect(push?.if).toBe('always()');
      expect(push?.env).toEqual({ SPECGATE_STORE_URL: '${{ secrets.SPECGATE_STORE_URL }}', PGPASSWORD: '${{ secrets.SPECGATE_STORE_PASSWORD }}' });
      expect(push?.run).toMatch(/^if \[ -z "\$SPECGATE_STORE_URL" \]; then .*exit 0; fi\nspecgate push$/);
      // No step prints or interpolates the store secrets into a command line.
      for (const step of job.steps) expect(step.run ?? '').not.toMatch(/secrets\.|echo "?\$(SPECGATE_STORE_URL|PGPASSWORD)/);
      for (const step of job.steps.filter((s) => s !== push)) expect(JSON.stringify(step.env ?? {})).not.toMatch(/STORE/);
    }
  });
});
