// The vocabulary stays one: the published manifest schema agrees with it, and no other source file
// spells an evidence file name, the ledger path or a status list of its own.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test/helpers/cli.js';
import { EVIDENCE_FILE, LEDGER_FILE_NAME, LEDGER_STAGES, RUN_STATUSES, STAGE_STATUSES } from './vocabulary.js';

const HERE = 'src/core/evidence/vocabulary.ts';
/** Files where a name means another format's file: `docker save` archives have their own manifest.json. */
const OTHER_FORMATS = new Set(['src/adapters/image/base-image.ts']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(rel);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && rel !== HERE && !OTHER_FORMATS.has(rel) ? [rel] : [];
  });
}

/** Lines of code (comments left out) that contain `needle` as a whole quoted string. */
function quoting(needle: string): string[] {
  const quoted = new RegExp(`['"\`]${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"\`]`);
  return sourceFiles('src').flatMap((file) =>
    fs
      .readFileSync(path.join(REPO_ROOT, file), 'utf8')
      .split('\n')
      .map((line, i) => ({ line: line.trim(), at: `${file}:${i + 1}` }))
      .filter(({ line }) => !/^(\/\/|\/\*|\*)/.test(line) && quoted.test(line))
      .map(({ at }) => at),
  );
}

describe('the evidence vocabulary', () => {
  it('matches the published manifest schema', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas/manifest.schema.json'), 'utf8'));
    expect(schema.properties.status.enum).toEqual([...RUN_STATUSES]);
    expect(schema.properties.stages.items.properties.status.enum).toEqual([...STAGE_STATUSES]);
    expect(schema.properties.stages.items.properties.name.enum).toEqual([...LEDGER_STAGES]);
  });

  it('is the only place that spells an evidence file name or the ledger file', () => {
    for (const name of [...Object.values(EVIDENCE_FILE), LEDGER_FILE_NAME]) expect(quoting(name), name).toEqual([]);
  });

  it('is the only place that lists statuses', () => {
    const lists = sourceFiles('src').filter((file) => /'success',\s*'warning',\s*'failure'|'success'\s*\|\s*'warning'\s*\|\s*'failure'/.test(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')));
    expect(lists).toEqual([]);
  });
});
