// Shared checks of the hostile suite: every byte a command wrote, to grep for leaked secrets.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every regular file under `root` (symlinks not followed) with its bytes as latin1 text. */
export function allBytesUnder(root: string): [string, string][] {
  const out: [string, string][] = [];
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) out.push([path.relative(root, full), fs.readFileSync(full).toString('latin1')]);
    }
  };
  visit(root);
  return out;
}
