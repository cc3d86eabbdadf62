// The quick spec digester must give exactly the careful reader's digests on a plain tree and step
// aside (undefined) on everything the careful reader has to word or refuse.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../test/helpers/tmp.js';
import { identifySpecs } from '../app/spec/identify.js';
import { NodeFileSystem } from './node-fs.js';
import { digestSpecTreeSync } from './spec-digest.js';

const nodeFs = new NodeFileSystem();

function plainTree(): string {
  const root = tempDir('specgate-digest-');
  writeTree(root, {
    'features/a.feature': 'Feature: a\n',
    'features/B.feature': 'Feature: B\n',
    'features/ä.feature': 'Feature: ä\n',
    'features/z/x.feature': 'Feature: x\r\n',
    'features/empty.feature': '',
    'features/notes.txt': 'not a spec',
    'features/.hidden/h.feature': 'Feature: hidden\n',
  });
  return root;
}

describe('digestSpecTreeSync', () => {
  it('gives the careful reader\'s identity on a plain tree (and the shell recipe\'s SHA)', async () => {
    const root = plainTree();
    expect(digestSpecTreeSync(root, ['features'])).toHaveLength(6);
    const quick = await identifySpecs(nodeFs, root, ['features'], digestSpecTreeSync);
    const careful = await identifySpecs(nodeFs, root, ['features']);
    expect(quick).toEqual(careful);
    const recipe = execFileSync('/bin/sh', ['-c', "find features -name '*.feature' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12"], { cwd: root, encoding: 'utf8' });
    expect(`${quick.featureSha}\n`).toBe(recipe);
  });

  it('lists a file once when spec folders overlap', () => {
    const root = plainTree();
    expect(digestSpecTreeSync(root, ['features', 'features/z'])).toHaveLength(6);
  });

  const bails: Array<[string, (root: string) => string[]]> = [
    ['a symlinked spec', (root) => (fs.symlinkSync('a.feature', path.join(root, 'features/link.feature')), ['features'])],
    ['a FIFO named *.feature', (root) => (execFileSync('mkfifo', [path.join(root, 'features/pipe.feature')]), ['features'])],
    ['a folder named *.feature', (root) => (fs.mkdirSync(path.join(root, 'features/dir.feature')), ['features'])],
    ['a spec larger than one read', (root) => (fs.writeFileSync(path.join(root, 'features/big.feature'), 'x'.repeat(300 * 1024)), ['features'])],
    ['a spec folder that is a symlink', (root) => (fs.symlinkSync('features', path.join(root, 'specs')), ['specs'])],
    ['a spec folder outside the project', () => [tempDir('specgate-outside-')]],
    ['a path that does not exist', () => ['missing']],
    ['a file named on the command line', () => ['features/a.feature']],
    ['a folder without specs', (root) => (fs.mkdirSync(path.join(root, 'empty')), ['empty'])],
  ];
  for (const [what, arrange] of bails) {
    it(`steps aside for ${what}`, () => {
      const root = plainTree();
      expect(digestSpecTreeSync(root, arrange(root))).toBeUndefined();
    });
  }

  it('does not follow a symlinked folder inside the tree (as find does not)', () => {
    const root = plainTree();
    const elsewhere = tempDir('specgate-elsewhere-');
    writeTree(elsewhere, { 'e.feature': 'Feature: e\n' });
    fs.symlinkSync(elsewhere, path.join(root, 'features/linked'));
    expect(digestSpecTreeSync(root, ['features'])?.map((d) => d.path)).not.toContain('features/linked/e.feature');
    expect(digestSpecTreeSync(root, ['features'])).toHaveLength(6);
  });
});
