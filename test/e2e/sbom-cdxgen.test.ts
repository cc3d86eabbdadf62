// The Python and Go readers against cdxgen (the CycloneDX reference generator, run offline) on the
// same lockfiles: the purl sets agree except for the differences listed here, each a case where
// cdxgen departs from the lockfile or the purl spec (scripts/setup.sh installs cdxgen).
// requirements.txt and Pipfile.lock are not compared here: for requirements cdxgen calls pip (which
// reaches for PyPI, absent on these machines: 90 s of timeouts) and without a Pipfile it reads no
// Pipfile.lock; both are checked against hand-verified purl lists in sources.test.ts. By hand,
// cdxgen's requirements output equals ours except for turning `requests>=2.0` into a pin it never saw.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const CDXGEN = path.join(REPO_ROOT, 'bench/.work/cdxgen/node_modules/@cyclonedx/cdxgen/bin/cdxgen.js');
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/security');

function purls(file: string, root: string | undefined): string[] {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { components?: { purl?: string }[] };
  return [...new Set((doc.components ?? []).map((c) => c.purl ?? '').filter((p) => p !== '' && p !== root).map((p) => (p.startsWith('pkg:golang/') ? p.toLowerCase() : p)))].sort();
}

/** Where cdxgen is known to differ, and why: applied to cdxgen's set before comparing. */
const KNOWN: Record<string, { drop: string[]; add: string[] }> = {
  'python-poetry': { drop: [], add: [] },
  // cdxgen lists the project itself (the editable root) as a component.
  'python-uv': { drop: ['pkg:pypi/inventory@0.3.0'], add: [] },
  // cdxgen ignores `replace` (keeps uuid v1.3.0) and reads the `exclude` line as a module.
  'go-modules': { drop: ['pkg:golang/github.com/google/uuid@v1.3.0', 'pkg:golang/v0.0.1'], add: [] },
};

describe('Python and Go purls agree with cdxgen on the same inputs', () => {
  for (const [fixture, known] of Object.entries(KNOWN)) {
    it(fixture, async () => {
      expect(fs.existsSync(CDXGEN), 'cdxgen is missing: run scripts/setup.sh').toBe(true);
      const dir = path.join(tempDir('specgate-cdxgen-'), fixture);
      fs.cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
      const type = fixture.startsWith('go') ? 'go' : 'python';
      execFileSync(process.execPath, [CDXGEN, '-t', type, '--no-recurse', '-o', path.join(dir, 'cdxgen.json'), dir], { cwd: dir, env: { ...process.env, FETCH_LICENSE: 'false' }, stdio: 'pipe', timeout: 120_000 });
      const ours = await runCli(['sbom', '--include-dev', '--out', path.join(dir, 'specgate.json')], { cwd: dir });
      expect(ours.code, ours.stderr).toBe(0);
      const theirs = purls(path.join(dir, 'cdxgen.json'), undefined).filter((p) => !known.drop.includes(p));
      expect(purls(path.join(dir, 'specgate.json'), undefined)).toEqual([...theirs, ...known.add].sort());
      // And both match the hand-verified list beside the fixture.
      expect(theirs).toEqual(fs.readFileSync(path.join(dir, 'expected-purls.txt'), 'utf8').trim().split('\n'));
    }, 180_000);
  }
});
