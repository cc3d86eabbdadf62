// Random hostile project trees for spec-tree.property.test.ts: what may be in one (the arbitrary),
// how to lay one out on disk beside a canary file outside the project, what specgate must say about
// each entry, and a listing to prove nothing was created or changed where it must not be.
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const R = '@resource:cpu=0.5,memory=512,storage=100,story_points=3';
const GOOD = `${R}\nFeature: ok\n  Scenario: s\n    Given a\n    When b\n    Then c\n`;
const INVALID = [
  'not gherkin at all\nFeature: x\n',
  'Feature: no budget\n  Scenario: s\n    Given a\n    When b\n    Then c\n',
  `${R}\nFeature: no then\n  Scenario: s\n    Given a\n    When b\n`,
];

/** Named *.feature and readable: specs. */
const CLEAN = ['valid', 'invalid', 'link-inside'] as const;
/** Named *.feature but not a readable regular file inside the project: each must be named in an error. */
const HOSTILE = ['link-canary', 'link-zero', 'link-dir-out', 'link-dir-in', 'fifo', 'huge', 'dir', 'dangling', 'not-utf8'] as const;
/** Not named *.feature: never read, never followed, no error. */
const DECOY = ['decoy-canary', 'decoy-dir-out', 'decoy-loop'] as const;
export type Kind = (typeof CLEAN)[number] | (typeof HOSTILE)[number] | (typeof DECOY)[number];

const OUTSIDE = 'it is a symlink to a file outside the project; not read';
const DIRECTORY = 'it is a directory, not a file';
const REASONS: Partial<Record<Kind, string>> = {
  'link-canary': OUTSIDE,
  'link-zero': OUTSIDE,
  'link-dir-out': OUTSIDE,
  'link-dir-in': DIRECTORY,
  dir: DIRECTORY,
  fifo: 'it is a FIFO (named pipe), not a regular file; not read',
  huge: 'it is larger than the 8 MiB size cap; not read',
  dangling: 'it is a symlink to nothing (dangling)',
  'not-utf8': 'its name is not valid UTF-8, so it cannot be opened by name; rename it',
};
/** Where a 'not-utf8' entry's name has the byte 0xff; readdir shows U+FFFD. */
const BAD_BYTE = '\uFFFD';

/** Why specgate must refuse an entry of this kind, or undefined when it must not complain. */
export function expectedReason(kind: Kind): string | undefined {
  return REASONS[kind];
}

export interface TreeEntry {
  readonly kind: Kind;
  /** Path relative to the project root, as specgate prints it. */
  readonly rel: string;
  /** Index into INVALID, for kind 'invalid'. */
  readonly variant: number;
}

export interface Tree {
  readonly mode: 'sandbox' | 'compliance';
  readonly entries: readonly TreeEntry[];
}

/** Name parts a pull request can commit: spaces, newlines, CI log commands, escapes, unicode, leading dashes, 200 bytes. */
const fragment = fc.constantFrom('spec', 'a b', ' lead', 'new\nline', 'tab\there', '\n::error::forged', 'esc\u001b[2J', 'ünïcødé', '日本語', '\u200bzw', '-', '--help', '-rf ', '.hidden', 'x'.repeat(200), '');

const rawEntry = (kinds: readonly Kind[]) =>
  fc.record({ kind: fc.constantFrom<Kind>(...kinds), depth: fc.nat({ max: 2 }), name: fragment, variant: fc.nat({ max: INVALID.length - 1 }) });

/** Specs, decoys and — in about two trees of three — hostile entries, so the clean path is exercised too. */
export const treeArbitrary: fc.Arbitrary<Tree> = fc
  .record({
    mode: fc.constantFrom<'sandbox' | 'compliance'>('sandbox', 'compliance'),
    folders: fc.tuple(fragment, fragment),
    specs: fc.array(rawEntry(CLEAN), { maxLength: 3 }),
    // The canary link twice as likely as the others: alone in a tree, a followed link would reach the output.
    hostile: fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(rawEntry(['link-canary', ...HOSTILE]), { minLength: 1, maxLength: 3 }) }),
    decoys: fc.array(rawEntry(DECOY), { maxLength: 2 }),
  })
  .map(({ mode, folders, specs, hostile, decoys }) => {
    const dirs = ['features', `features/${folders[0]}d1`, `features/${folders[0]}d1/${folders[1]}d2`];
    return {
      mode,
      entries: [...specs, ...hostile, ...decoys].map((e, i) => {
        // The index keeps names unique; decoys are not named *.feature.
        const suffix = e.kind.startsWith('decoy') ? (e.kind === 'decoy-canary' ? '.txt' : '') : '.feature';
        const bad = e.kind === 'not-utf8' ? BAD_BYTE : '';
        return { kind: e.kind, rel: `${dirs[e.depth] ?? 'features'}/${e.name}${bad}${i}${suffix}`, variant: e.variant };
      }),
    };
  });

function link(target: string, at: string): void {
  fs.symlinkSync(path.isAbsolute(target) && target.startsWith('/dev') ? target : path.relative(path.dirname(at), target), at);
}

/** Lays one entry out at `at`; `p` names the fixed places every tree has. */
function place(entry: TreeEntry, at: string, p: { canary: string; outsideDir: string; inside: string; insideDir: string }): void {
  const make: Record<Kind, () => void> = {
    valid: () => fs.writeFileSync(at, GOOD),
    invalid: () => fs.writeFileSync(at, INVALID[entry.variant] ?? ''),
    'link-inside': () => link(p.inside, at),
    'link-canary': () => link(p.canary, at),
    'link-zero': () => link('/dev/zero', at),
    'link-dir-out': () => link(p.outsideDir, at),
    'link-dir-in': () => link(p.insideDir, at),
    fifo: () => execFileSync('mkfifo', ['--', at]),
    // Sparse: 2 GiB on paper, no disk used.
    huge: () => {
      fs.writeFileSync(at, '');
      fs.truncateSync(at, 2 * 1024 ** 3);
    },
    dir: () => fs.mkdirSync(at),
    dangling: () => link(path.join(path.dirname(at), 'nothing-here'), at),
    'not-utf8': () => {
      const [before, after] = at.split(BAD_BYTE) as [string, string];
      fs.writeFileSync(Buffer.concat([Buffer.from(before), Buffer.from([0xff]), Buffer.from(after)]), GOOD);
    },
    'decoy-canary': () => link(p.canary, at),
    'decoy-dir-out': () => link(p.outsideDir, at),
    'decoy-loop': () => fs.symlinkSync('.', at),
  };
  make[entry.kind]();
}

/**
 * Writes `base/project` (the tree, specgate.yaml, common/ for links inside), `base/outside` (the
 * canary file, and a folder whose spec names the canary, to catch a followed directory link),
 * and empty `base/home` and `base/tmp`. Returns the project root.
 */
export function buildTree(base: string, tree: Tree, secret: string): string {
  const project = path.join(base, 'project');
  const outsideDir = path.join(base, 'outside', 'dir');
  const canary = path.join(base, 'outside', 'canary');
  for (const dir of [path.join(project, 'features'), outsideDir, path.join(base, 'home'), path.join(base, 'tmp'), path.join(project, 'common')]) fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(canary, `${secret}:x:0:0:root:/root\nFeature: ${secret}\n`);
  fs.writeFileSync(path.join(outsideDir, 'trap.feature'), `${R}\nFeature: ${secret}\n  Scenario: ${secret}\n    Given a\n    When b\n    Then c\n`);
  fs.writeFileSync(path.join(project, 'specgate.yaml'), `mode: ${tree.mode}\n`);
  fs.writeFileSync(path.join(project, 'common', 'inside.txt'), GOOD);
  const places = { canary, outsideDir, inside: path.join(project, 'common', 'inside.txt'), insideDir: path.join(project, 'common') };
  for (const entry of tree.entries) {
    const at = path.join(project, entry.rel);
    fs.mkdirSync(path.dirname(at), { recursive: true });
    place(entry, at, places);
  }
  return project;
}

/**
 * Every entry under `root` (links not followed) → type, size, mtime (links: their target), minus
 * `skip` subtrees. Names are read as bytes, so a name that is not UTF-8 is listed too.
 */
export function snapshot(root: string, skip: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (dir: Buffer): void => {
    for (const name of fs.readdirSync(dir, { encoding: 'buffer' })) {
      const full = Buffer.concat([dir, Buffer.from('/'), name]);
      if (skip.includes(full.toString())) continue;
      const st = fs.lstatSync(full);
      const rel = path.relative(root, full.toString());
      if (st.isSymbolicLink()) out[rel] = `link:${fs.readlinkSync(full)}`;
      else if (st.isDirectory()) {
        out[rel] = `dir:${st.mtimeMs}`;
        visit(full);
      } else out[rel] = `${st.isFile() ? 'file' : 'special'}:${st.size}:${st.mtimeMs}`;
    }
  };
  visit(Buffer.from(root));
  return out;
}
