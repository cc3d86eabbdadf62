import { cpSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../../test/helpers/tmp.js';
import { fixedClock } from '../../adapters/clock.js';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { defaultConfig } from '../../core/config/parse.js';
import { generateSbom } from './sbom.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/security');

async function licenses(fixture: string, installed: Record<string, string>): Promise<Record<string, unknown>> {
  const root = tempDir('specgate-sbom-app-');
  cpSync(path.join(FIXTURES, fixture), root, { recursive: true });
  writeTree(root, installed);
  const sbom = await generateSbom({
    fs: new NodeFileSystem(),
    clock: fixedClock('2025-09-24T14:04:40Z'),
    root,
    config: defaultConfig(),
    includeDev: true,
    toolVersion: '0.1.0',
    platform: 'all',
  });
  const doc = JSON.parse(sbom.json) as { components: { purl: string; licenses?: unknown }[] };
  return Object.fromEntries(doc.components.map((c) => [c.purl, c.licenses]));
}

describe('generateSbom', () => {
  it('takes licenses a yarn/pnpm lockfile lacks from the installed packages, only at the locked version', async () => {
    const found = await licenses('yarn-v1', {
      'node_modules/debug/package.json': JSON.stringify({ name: 'debug', version: '4.3.4', license: 'MIT' }),
      'node_modules/.pnpm/@sindresorhus+is@4.6.0/node_modules/@sindresorhus/is/package.json': JSON.stringify({ version: '4.6.0', license: { type: 'MIT' } }),
      'node_modules/ms/package.json': JSON.stringify({ version: '2.1.3', license: 'MIT' }),
    });
    expect(found['pkg:npm/debug@4.3.4']).toEqual([{ license: { id: 'MIT' } }]);
    expect(found['pkg:npm/%40sindresorhus/is@4.6.0']).toEqual([{ license: { id: 'MIT' } }]);
    // Installed ms is 2.1.3, locked are 2.0.0 and 2.1.2: no license is better than a wrong one.
    expect(found['pkg:npm/ms@2.0.0']).toBeUndefined();
    expect(found['pkg:npm/ms@2.1.2']).toBeUndefined();
  });

  it('keeps the lockfile’s own licenses for npm lockfiles', async () => {
    const found = await licenses('npm-v3', { 'node_modules/left-pad/package.json': JSON.stringify({ version: '1.3.0', license: 'MIT' }) });
    expect(found['pkg:npm/left-pad@1.3.0']).toEqual([{ license: { id: 'WTFPL' } }]);
  });
});
