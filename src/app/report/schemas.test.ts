// The published evidence schemas read old runs too: deploy-report v1 (`peakRssMb`) and
// resource-estimates 1.0.0 stay valid after the rename to `peakRssMi`; a measurement without
// either name is not.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { SchemaRegistry } from './schemas.js';
import { REPO_ROOT } from '../../../test/helpers/cli.js';

const RUN = path.join(REPO_ROOT, 'test/fixtures/runs/good/2918efd63b57/20260103090000');
interface Doc {
  readonly schemaVersion: unknown;
  readonly resources: { readonly measured: Readonly<Record<string, unknown>> };
  readonly measured: Readonly<Record<string, number>>;
}
const read = (name: string) => JSON.parse(fs.readFileSync(path.join(RUN, name), 'utf8')) as Doc;

describe('evidence schemas across the peakRssMb → peakRssMi rename', () => {
  const schemas = new SchemaRegistry(new NodeFileSystem());

  it('deploy-report: v2 with peakRssMi and v1 with peakRssMb are valid; neither name is invalid', async () => {
    const current = read('deploy-report.json');
    expect(current.schemaVersion).toBe(2);
    expect(await schemas.check('deploy', current)).toMatchObject({ schema: 'valid' });
    const { peakRssMi, ...rest } = current.resources.measured;
    const v1 = { ...current, schemaVersion: 1, resources: { ...current.resources, measured: { ...rest, peakRssMb: peakRssMi } } };
    expect(await schemas.check('deploy', v1)).toMatchObject({ schema: 'valid' });
    const neither = { ...current, resources: { ...current.resources, measured: rest } };
    expect(await schemas.check('deploy', neither)).toMatchObject({ schema: 'invalid' });
  });

  it('resource-estimates: 1.1.0 written now, 1.0.0 still valid', async () => {
    const current = read('resource-estimates.json');
    expect(current.schemaVersion).toBe('1.1.0');
    expect(current.measured.peakRssMi).toBeGreaterThan(0);
    expect(await schemas.check('estimates', current)).toMatchObject({ schema: 'valid' });
    expect(await schemas.check('estimates', { ...current, schemaVersion: '1.0.0' })).toMatchObject({ schema: 'valid' });
    expect(await schemas.check('estimates', { ...current, schemaVersion: '2.0.0' })).toMatchObject({ schema: 'invalid' });
  });
});
