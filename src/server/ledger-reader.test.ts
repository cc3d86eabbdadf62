// The ledger page's cache is keyed on the ledger's content identity, not its mtime: an in-place edit
// that keeps the size and resets the mtime is still re-verified (and the broken chain shown).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeFileSystem } from '../adapters/node-fs.js';
import { changeStamp } from '../adapters/evidence/change-stamp.js';
import { libraryEvidence } from '../app/report/evidence-port.js';
import { REPO_ROOT } from '../../test/helpers/cli.js';
import { tempDir } from '../../test/helpers/tmp.js';
import { LedgerReader } from './ledger-reader.js';

describe('LedgerReader', () => {
  it('re-verifies after an edit that keeps the size and resets the mtime, and reuses the reading otherwise', async () => {
    const reports = tempDir();
    fs.cpSync(path.join(REPO_ROOT, 'test/fixtures/runs/good/audit'), path.join(reports, 'audit'), { recursive: true });
    const file = path.join(reports, 'audit/checkpoints.log');
    // A whole-second mtime, so it can be put back exactly after the edit.
    const MTIME = 1_700_000_000;
    fs.utimesSync(file, MTIME, MTIME);
    const reader = new LedgerReader(reports, libraryEvidence(new NodeFileSystem()), changeStamp);
    const first = await reader.read({});
    expect(first.ok).toBe(true);
    expect(await reader.read({})).toBe(first);

    const before = fs.statSync(file);
    const text = fs.readFileSync(file, 'utf8');
    // Same length, one status word changed on line 3, then the mtime put back exactly.
    const lines = text.split('\n');
    lines[2] = lines[2]!.replace('| success |', '| failure |');
    expect(lines.join('\n')).not.toBe(text);
    expect(lines.join('\n').length).toBe(text.length);
    fs.writeFileSync(file, lines.join('\n'));
    fs.utimesSync(file, MTIME, MTIME);
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(fs.statSync(file).size).toBe(before.size);

    const after = await reader.read({});
    expect(after).not.toBe(first);
    expect(after.ok).toBe(false);
    expect(after.firstBad?.line).toBe(3);
  });
});
