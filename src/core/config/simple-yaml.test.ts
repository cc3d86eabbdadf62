// The plain-subset YAML reader must never disagree with `yaml`: on any document it either gives
// up (undefined: the caller uses `yaml`) or returns exactly what `yaml` returns. Random documents
// mix subset scalars with YAML's traps (core-schema numbers, specials, indicators, escapes).
// Seed: SPECGATE_TEST_SEED=<n> replays a failing case; the seed in use is printed.
import * as fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { testSeed } from '../../../test/helpers/seed.js';
import { parseSimpleYaml } from './simple-yaml.js';

const seed = testSeed('simple yaml property');
const REPO = path.resolve(import.meta.dirname, '../../..');

const SCALARS = [
  'a', 'npm run lint', 'src/generated', '/healthz', '007', '1.', '+1', '.5', '1e5', '-0', '0', '~', 'null', 'Null', 'NULL', 'yes', 'no', 'on',
  'true', 'False', 'TRUE', '0x1F', '0o17', '.inf', '-.Inf', '.nan', 'a#b', 'a #b', "'q'", '"x y"', "'it''s'", '"a\\"b"', '"a\\nb"', 'a: b',
  'a:', ':a', '- x', '[1]', '{a: 1}', '&x', '*x', '!tag', '|', '>', '%x', '@x', '`x', '12345678901234567890', '1e400', '#c', '"#"', "'a # b'",
  'x y ', '', '? x', 'a,b', 'a]',
];
const KEYS = ['mode', 'features', 'reports', 'a_b', 'x-y', 'true', 'null', 'on', '1', 'key with space', '"q"', 'k'];

type Tree = { [key: string]: Tree | string | string[] };
const tree: fc.Arbitrary<Tree> = fc.letrec((tie) => ({
  node: fc.dictionary(fc.constantFrom(...KEYS), fc.oneof({ depthSize: 'small' }, fc.constantFrom(...SCALARS), fc.array(fc.constantFrom(...SCALARS), { maxLength: 3 }), tie('node') as fc.Arbitrary<Tree>), { maxKeys: 4 }),
})).node;

/** Renders the tree as block YAML; sequences either indented or at their key's indent. */
function render(node: Tree, indent: number, style: { seqIndent: boolean; comment: boolean }): string {
  const pad = ' '.repeat(indent);
  return Object.entries(node)
    .map(([k, v]) => {
      if (typeof v === 'string') return `${pad}${k}:${v === '' ? '' : ` ${v}`}${style.comment ? ' # note' : ''}\n`;
      if (Array.isArray(v)) return `${pad}${k}:\n${v.map((s) => `${pad}${style.seqIndent ? '  ' : ''}- ${s}\n`).join('')}`;
      return `${pad}${k}:\n${render(v, indent + 2, style)}`;
    })
    .join('');
}

function yamlOrError(text: string): unknown {
  try {
    return parse(text, { uniqueKeys: true, prettyErrors: false }) as unknown;
  } catch {
    return 'YAML ERROR';
  }
}

describe('plain-subset YAML reader', () => {
  it('reads the configs in this repository and the benchmark config, exactly as yaml does', async () => {
    const corpus = path.join(REPO, 'bench/lib/corpus.mjs');
    const { CONFIG_YAML } = (await import(corpus)) as { CONFIG_YAML: string };
    const files = execFileSync('git', ['ls-files', '*specgate.yaml'], { cwd: REPO, encoding: 'utf8' }).split('\n').filter(Boolean);
    // Lists of mappings (`approvers:`) are outside the subset: those configs must fall back, never differ.
    for (const file of files) {
      const text = fs.readFileSync(path.join(REPO, file), 'utf8');
      const simple = parseSimpleYaml(text);
      if (simple !== undefined) expect(simple, file).toStrictEqual(parse(text) ?? null);
    }
    const plain = [...['examples/example-service/specgate.yaml', 'examples/python-service/specgate.yaml'].map((f) => fs.readFileSync(path.join(REPO, f), 'utf8')), CONFIG_YAML, '', '# only a comment\n'];
    for (const text of plain) {
      const simple = parseSimpleYaml(text);
      expect(simple, text).not.toBeUndefined();
      expect(simple).toStrictEqual(parse(text) ?? null);
    }
  });

  it('either gives up or agrees with yaml, on random documents', () => {
    let read = 0;
    fc.assert(
      fc.property(tree, fc.boolean(), fc.boolean(), (doc, seqIndent, comment) => {
        const text = render(doc, 0, { seqIndent, comment });
        const simple = parseSimpleYaml(text);
        if (simple === undefined) return;
        read += 1;
        expect(simple).toStrictEqual(yamlOrError(text) ?? null);
      }),
      { seed, numRuns: 400 },
    );
    // Most random documents hold a trap somewhere; a fair share must still be read.
    expect(read).toBeGreaterThan(20);
  });

  it('gives up on what it does not read', () => {
    for (const text of ['a: [1, 2]\n', 'a: &x 1\nb: *x\n', 'a: |\n  x\n', 'a: b\na: c\n', 'a:\n\tb: 1\n', 'a: b\n  c\n', '---\na: 1\n', 'a:\n  - b: 1\n', 'a: "x\\ty"\n']) {
      expect(parseSimpleYaml(text), text).toBeUndefined();
    }
  });
});
